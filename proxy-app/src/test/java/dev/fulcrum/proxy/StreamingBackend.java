package dev.fulcrum.proxy;

import dev.fulcrum.testing.RawHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A raw-socket backend that answers one chunked response a chunk at a time: {@code chunks} chunks with
 * {@code pause} between them, then the last chunk. Notices when the proxy closes the connection under it, which is
 * how a test sees that an exchange was aborted rather than left to finish or pooled.
 */
final class StreamingBackend implements AutoCloseable {

    private final ServerSocket server;
    private final CountDownLatch connectionCut = new CountDownLatch(1);
    private final CountDownLatch requestRead = new CountDownLatch(1);

    StreamingBackend(int chunks, Duration pause) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> serve(chunks, pause), "streaming-backend");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(int chunks, Duration pause) {
        try (Socket socket = server.accept()) {
            if (!RawHttp.isComplete(RawHttp.readHead(socket.getInputStream()))) {
                throw new IOException("request head cut short");
            }
            requestRead.countDown();
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < chunks; i++) {
                out.write("6\r\nchunk\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(pause.toMillis()); // the backend's pacing, not a test wait
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // A proxy that pooled the connection leaves it open; one that aborted the exchange has closed it.
            if (socket.getInputStream().read() < 0) {
                connectionCut.countDown();
            }
        } catch (IOException e) {
            connectionCut.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int port() {
        return server.getLocalPort();
    }

    boolean requestReceived() {
        return requestRead.getCount() == 0;
    }

    boolean connectionCut() {
        return connectionCut.getCount() == 0;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
