package dev.fulcrum.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A backend that answers {@code /health} at once and holds every other request until the test {@link #release}s
 * them, so that requests stay in flight exactly as long as a test needs, with no timing involved. Each answer is
 * {@code gated NAME}.
 */
public final class GatedBackend implements AutoCloseable {

    private record Held(Response response, Callback callback) {
    }

    private final String name;
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final List<Held> held = new CopyOnWriteArrayList<>();
    private final AtomicInteger received = new AtomicInteger();
    private volatile boolean open;

    public GatedBackend(String name) throws Exception {
        this.name = name;
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (request.getHttpURI().getPath().equals("/health")) {
                    answer(response, callback);
                    return true;
                }
                received.incrementAndGet();
                synchronized (GatedBackend.this) {
                    if (!open) {
                        held.add(new Held(response, callback));
                        return true;
                    }
                }
                answer(response, callback);
                return true;
            }
        });
        server.start();
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Requests other than health checks that reached this backend. */
    public int received() {
        return received.get();
    }

    /** Requests held now. */
    public int held() {
        return held.size();
    }

    /** Answers every held request, and from now on answers at once. */
    public synchronized void release() {
        open = true;
        for (Held one : held) {
            answer(one.response(), one.callback());
        }
        held.clear();
    }

    private void answer(Response response, Callback callback) {
        response.write(true, ByteBuffer.wrap(("gated " + name + "\n").getBytes(StandardCharsets.UTF_8)), callback);
    }

    @Override
    public void close() throws Exception {
        release();
        server.stop();
    }
}
