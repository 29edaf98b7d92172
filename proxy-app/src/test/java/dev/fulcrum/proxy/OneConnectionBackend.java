package dev.fulcrum.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend that accepts one connection and answers its requests one after another, and whose accept queue the test
 * can fill, so that every further connect to it times out (the kernel drops a SYN to a full queue) while the one
 * connection works. Answers can be held until {@link #release}.
 */
final class OneConnectionBackend implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger received = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    OneConnectionBackend() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(this::serveOne, "one-connection-backend");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Opens connections that are never accepted until one times out: the accept queue is full from then on. */
    void fillAcceptQueue() throws IOException {
        for (int i = 0; i < 64; i++) {
            Socket socket = new Socket();
            sockets.add(socket);
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 250);
            } catch (SocketTimeoutException full) {
                return;
            }
        }
        throw new IllegalStateException("64 connects were queued and none timed out: the kernel does not drop them");
    }

    /** Requests from now on are answered only after {@link #release}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    int received() {
        return received.get();
    }

    int answered() {
        return answered.get();
    }

    private void serveOne() {
        try (Socket socket = server.accept()) {
            sockets.add(socket);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (readHead(in)) {
                received.incrementAndGet();
                gate.await();
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                answered.incrementAndGet();
            }
        } catch (IOException | InterruptedException e) {
            // closed by the test
        }
    }

    /** Reads a request head (requests here have no body); false at the end of the stream. */
    private static boolean readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        release();
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
