package dev.fulcrum.proxy;

import dev.fulcrum.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw-socket backend that records every complete request it receives (and every byte, complete or not) and answers
 * each connection's first request with a fixed byte string, well formed or not. It serves one request per connection:
 * after answering it either closes (when told to, as for a truncated response) or waits for the proxy to close, and
 * counts the connections the proxy closed, which is how a test sees that Fulcrum dropped a backend connection it
 * could no longer trust.
 */
final class RecordingBackend implements AutoCloseable {

    static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n"
            + "Connection: close\r\n\r\nok\n";

    private final ServerSocket server;
    private final byte[] response;
    private final boolean closeAfterResponse;
    private final boolean readsBody;
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger closedByPeer = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();

    /** A backend that answers every request with a valid 200 and closes. */
    RecordingBackend() throws IOException {
        this(OK, true);
    }

    /**
     * A backend that answers as soon as it has a request's head, without reading its body (as a backend refusing an
     * upload early does), then closes.
     */
    static RecordingBackend answeringTheHead(String response) throws IOException {
        return new RecordingBackend(response, true, false);
    }

    /**
     * @param response the bytes sent back, ISO-8859-1 encoded so that any octet can be written
     * @param closeAfterResponse close right after answering; otherwise wait for the proxy to close
     */
    RecordingBackend(String response, boolean closeAfterResponse) throws IOException {
        this(response, closeAfterResponse, true);
    }

    private RecordingBackend(String response, boolean closeAfterResponse, boolean readsBody) throws IOException {
        this.response = response.getBytes(StandardCharsets.ISO_8859_1);
        this.closeAfterResponse = closeAfterResponse;
        this.readsBody = readsBody;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "recording-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The head of every complete request (head and whole body) received, lines joined by CRLF. */
    List<String> requests() {
        return List.copyOf(heads);
    }

    /** The body of each request in {@link #requests()}, decoded from its framing. */
    List<byte[]> bodies() {
        return List.copyOf(bodies);
    }

    long bytesReceived() {
        return bytesReceived.get();
    }

    int connections() {
        return connections.get();
    }

    /** Connections this backend is done with, whoever closed them. */
    int connectionsEnded() {
        return ended.get();
    }

    /** Connections on which the proxy closed its side after the answer. */
    int closedByProxy() {
        return closedByPeer.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                connections.incrementAndGet();
                Thread serve = new Thread(() -> serve(socket), "recording-backend-conn");
                serve.setDaemon(true);
                serve.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(20_000);
            InputStream in = new CountingInput(socket.getInputStream());
            String head = RawHttp.readHead(in);
            if (head == null) {
                return;
            }
            head = head.stripTrailing();
            byte[] body = readsBody ? readBody(in, head) : new byte[0];
            if (body == null) {
                return;
            }
            heads.add(head);
            bodies.add(body);
            socket.getOutputStream().write(response);
            socket.getOutputStream().flush();
            if (closeAfterResponse) {
                return;
            }
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // counted by the stream
            }
            closedByPeer.incrementAndGet();
        } catch (SocketTimeoutException e) {
            // The proxy kept the connection: closedByProxy() stays as it is.
        } catch (IOException e) {
            // A reset is the proxy closing too.
            closedByPeer.incrementAndGet();
        } finally {
            ended.incrementAndGet();
        }
    }

    /** Reads the request body as its head frames it; null when the connection ended before all of it came. */
    private byte[] readBody(InputStream in, String head) throws IOException {
        String lower = head.toLowerCase(Locale.ROOT);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int length = lower.indexOf("\ncontent-length:");
        if (length >= 0) {
            int end = lower.indexOf('\r', length + 1);
            long remaining = Long.parseLong(lower.substring(length + 16, end < 0 ? lower.length() : end).trim());
            return copy(in, remaining, body) ? body.toByteArray() : null;
        }
        if (!lower.contains("\ntransfer-encoding:")) {
            return body.toByteArray();
        }
        // Chunked, as the proxy frames it: hex size (extensions ignored), data, CRLF; trailers after the last chunk.
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                return null;
            }
            int extension = sizeLine.indexOf(';');
            long size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in);
                    if (trailer == null) {
                        return null;
                    }
                } while (!trailer.isEmpty());
                return body.toByteArray();
            }
            if (!copy(in, size, body) || readLine(in) == null) {
                return null;
            }
        }
    }

    private boolean copy(InputStream in, long count, ByteArrayOutputStream to) throws IOException {
        for (long i = 0; i < count; i++) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            to.write(b);
        }
        return true;
    }

    /** A line without its CRLF, or null at the end of the stream. */
    private String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
                return line.substring(0, end);
            }
            line.append((char) b);
        }
        return null;
    }

    /** Counts every byte this backend reads, however it reads it. */
    private final class CountingInput extends FilterInputStream {

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytesReceived.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                bytesReceived.addAndGet(n);
            }
            return n;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
