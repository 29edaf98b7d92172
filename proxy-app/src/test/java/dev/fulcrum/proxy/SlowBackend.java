package dev.fulcrum.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** A backend that answers every request after a fixed delay, so a request can be caught in flight. */
final class SlowBackend implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final AtomicInteger received = new AtomicInteger();

    SlowBackend(Duration delay) throws Exception {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                received.incrementAndGet();
                server.getScheduler().schedule(() -> response.write(true,
                        ByteBuffer.wrap("slow\n".getBytes(StandardCharsets.UTF_8)), callback),
                        delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                return true;
            }
        });
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    int requestsReceived() {
        return received.get();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
