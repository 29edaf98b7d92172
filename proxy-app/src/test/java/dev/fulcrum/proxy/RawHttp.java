package dev.fulcrum.proxy;

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

/** Raw bytes to a port over one connection, and what came back until the server closed it (or did not). */
final class RawHttp {

    private RawHttp() {
    }

    /**
     * What the server sent on one connection.
     *
     * @param raw every byte received, ISO-8859-1 decoded
     * @param closed whether the server closed the connection within the read timeout
     */
    record Exchange(String raw, boolean closed) {

        /** The status of the first response, or -1 when nothing that looks like one came back. */
        int status() {
            if (!raw.startsWith("HTTP/1.") || raw.length() < 12) {
                return -1;
            }
            return Integer.parseInt(raw.substring(9, 12));
        }

        String head() {
            int end = raw.indexOf("\r\n\r\n");
            return end < 0 ? raw : raw.substring(0, end);
        }

        String body() {
            int end = raw.indexOf("\r\n\r\n");
            return end < 0 ? "" : raw.substring(end + 4);
        }

        List<String> headerNames() {
            List<String> names = new ArrayList<>();
            for (String line : head().split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && !line.startsWith("HTTP/")) {
                    names.add(line.substring(0, colon).toLowerCase(Locale.ROOT));
                }
            }
            return names;
        }

        Optional<String> header(String name) {
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
    static Exchange exchange(int port, String request, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(timeoutMillis);
            try {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
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
}
