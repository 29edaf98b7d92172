package dev.fulcrum.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend that reads each request head and then drops the connection without answering: a server that crashes on
 * every request. Counts the requests it took, so a test sees exactly how often a request was sent to it.
 */
final class ClosingBackend implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();

    ClosingBackend() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    socket.setSoLinger(true, 0);
                    if (readHead(socket.getInputStream())) {
                        accepted.incrementAndGet();
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

    private static boolean readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return true;
    }

    int port() {
        return server.getLocalPort();
    }

    int requestsReceived() {
        return accepted.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
