package dev.fulcrum.proxy;

import dev.fulcrum.testing.RawHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend that reads each request head and then drops the connection without answering: a server that crashes on
 * every request, except that its {@code /health} still answers 200, as a broken application's often does. Counts the
 * requests it took, so a test sees exactly how often a request was sent to it.
 */
final class ClosingBackend implements AutoCloseable {

    private final ServerSocket server;
    private static final byte[] HEALTHY = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicInteger bodyBytes = new AtomicInteger();
    private final int bodyBytesBeforeClose;

    ClosingBackend() throws IOException {
        this(0);
    }

    /**
     * A backend that dies in the middle of each upload: it reads the head and the first {@code bodyBytesBeforeClose}
     * bytes of the body, then drops the connection.
     */
    static ClosingBackend cuttingUploadsAfter(int bodyBytesBeforeClose) throws IOException {
        return new ClosingBackend(bodyBytesBeforeClose);
    }

    private ClosingBackend(int bodyBytesBeforeClose) throws IOException {
        this.bodyBytesBeforeClose = bodyBytesBeforeClose;
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    socket.setSoLinger(true, 0);
                    String head = RawHttp.readHead(socket.getInputStream());
                    if (RawHttp.isComplete(head)) {
                        accepted.incrementAndGet();
                        if (head.startsWith("GET /health ")) {
                            probes.incrementAndGet();
                            socket.setSoLinger(false, 0);
                            socket.getOutputStream().write(HEALTHY);
                        }
                        for (int i = 0; i < bodyBytesBeforeClose && socket.getInputStream().read() >= 0; i++) {
                            bodyBytes.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    if (server.isClosed()) {
                        return;
                    }
                }
            }
        }, "closing-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int requestsReceived() {
        return accepted.get();
    }

    /** Body bytes read before dropping connections, over all of them. */
    int bodyBytesReceived() {
        return bodyBytes.get();
    }

    /** Requests for {@code /health}, which a health checker sends. */
    int probesReceived() {
        return probes.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
