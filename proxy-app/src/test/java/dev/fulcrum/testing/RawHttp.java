package dev.fulcrum.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Raw bytes over a socket, for requests an HTTP client refuses to send and for watching a connection close: either
 * one response at a time on a connection kept open ({@link #read}), or everything until the server closes it
 * ({@link #exchange(int, String, int)}).
 */
public final class RawHttp {

    private RawHttp() {
    }

    /**
     * What the server sent on one connection.
     *
     * @param raw every byte received, ISO-8859-1 decoded
     * @param closed whether the server closed the connection within the read timeout
     */
    public record Exchange(String raw, boolean closed) {

        /** The status of the first response, or -1 when nothing that looks like one came back. */
        public int status() {
            if (!raw.startsWith("HTTP/1.") || raw.length() < 12) {
                return -1;
            }
            return Integer.parseInt(raw.substring(9, 12));
        }

        public String head() {
            int end = raw.indexOf("\r\n\r\n");
            return end < 0 ? raw : raw.substring(0, end);
        }

        public String body() {
            int end = raw.indexOf("\r\n\r\n");
            return end < 0 ? "" : raw.substring(end + 4);
        }

        public List<String> headerNames() {
            List<String> names = new ArrayList<>();
            for (String line : head().split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && !line.startsWith("HTTP/")) {
                    names.add(line.substring(0, colon).toLowerCase(Locale.ROOT));
                }
            }
            return names;
        }

        public Optional<String> header(String name) {
            for (String line : head().split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return Optional.of(line.substring(colon + 1).trim());
                }
            }
            return Optional.empty();
        }
    }

    /** Sends the bytes (ISO-8859-1, so any octet can be written) and reads until EOF or {@code timeoutMillis}. */
    public static Exchange exchange(int port, String request, int timeoutMillis) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), false, timeoutMillis);
    }

    /**
     * Sends the bytes, then, if {@code stopSending}, closes the sending side as a client that gave up does, and reads
     * until EOF or {@code timeoutMillis}.
     */
    public static Exchange exchange(int port, byte[] request, boolean stopSending, int timeoutMillis)
            throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(timeoutMillis);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                if (stopSending) {
                    socket.shutdownOutput();
                }
            } catch (SocketException e) {
                // The server may have answered and closed before reading all of it; what it said is still to read.
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            boolean closed;
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received.write(buffer, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (SocketException e) {
                // A reset after the answer is a close too, only a less polite one.
                closed = true;
            }
            return new Exchange(received.toString(StandardCharsets.ISO_8859_1), closed);
        }
    }

    /** A response as read off the wire, with whether the server closed the connection after it. */
    public record Reply(int status, String head, String body, boolean closed) {

        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    public static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Sends {@code request} on a new connection and reads one response and what follows it. */
    public static Reply exchange(int port, String request) throws IOException {
        try (Socket socket = connect(port)) {
            send(socket, request);
            return read(socket, true);
        }
    }

    public static void send(Socket socket, String bytes) throws IOException {
        socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /**
     * Reads one response (its body delimited by Content-Length) and, if {@code awaitClose}, then waits for the
     * server to close the connection; a connection still open after the socket's read timeout counts as not closed.
     */
    public static Reply read(Socket socket, boolean awaitClose) throws IOException {
        InputStream in = socket.getInputStream();
        String headText = readHead(in);
        if (!isComplete(headText)) {
            throw new IOException("connection closed after " + (headText == null ? 0 : headText.length())
                    + " bytes of response head: " + headText);
        }
        int status = Integer.parseInt(headText.substring(9, 12));
        Reply partial = new Reply(status, headText, "", false);
        String length = partial.header("Content-Length");
        byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
        boolean closed = false;
        if (awaitClose || "close".equals(lower(partial.header("Connection")))) {
            try {
                closed = in.read() < 0;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (IOException e) {
                closed = true; // reset by the server: closed as well
            }
        }
        return new Reply(status, headText, new String(body, StandardCharsets.UTF_8), closed);
    }

    /**
     * Reads a request or response head up to and including the blank line that ends it, as ISO-8859-1 text; when the
     * stream ends first, what came of it, or null for nothing at all. The one head reader of the test backends.
     */
    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            last4 = last4 << 8 | b;
            if (last4 == 0x0d0a0d0a) {
                break;
            }
        }
        return head.size() == 0 ? null : head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whether a head read by {@link #readHead} is complete. */
    public static boolean isComplete(String head) {
        return head != null && head.endsWith("\r\n\r\n");
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
