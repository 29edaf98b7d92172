package dev.fulcrum.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Raw bytes over a socket, for requests an HTTP client refuses to send and for watching a connection close. */
final class RawConnection {

    /** A response as read off the wire, with whether the server closed the connection after it. */
    record Reply(int status, String head, String body, boolean closed) {

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private RawConnection() {
    }

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Sends {@code request} on a new connection and reads one response and what follows it. */
    static Reply exchange(int port, String request) throws IOException {
        try (Socket socket = connect(port)) {
            send(socket, request);
            return read(socket, true);
        }
    }

    static void send(Socket socket, String bytes) throws IOException {
        socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /**
     * Reads one response (its body delimited by Content-Length) and, if {@code awaitClose}, then waits for the
     * server to close the connection; a connection still open after the socket's read timeout counts as not closed.
     */
    static Reply read(Socket socket, boolean awaitClose) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes of response head: " + head);
            }
            head.write(b);
            last4 = last4 << 8 | b;
        }
        String headText = head.toString(StandardCharsets.ISO_8859_1);
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

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
