package dev.fulcrum.proxy.tunnel;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.component.Graceful;

/**
 * The tunnels open on one server. A bean of that server: a graceful stop waits for them as it waits for requests in
 * flight (Jetty's stop timeout, the proxy's drain time), and a tunnel still open when the stop goes on is closed, both
 * sides. While stopping, tunnels that end are said to end at shutdown.
 */
public final class Tunnels extends AbstractLifeCycle implements Graceful {

    private final Set<Tunnel> open = ConcurrentHashMap.newKeySet();
    private final Graceful.Shutdown shutdown = new Graceful.Shutdown(this) {
        @Override
        public boolean isShutdownDone() {
            return open.isEmpty();
        }
    };

    /**
     * A tunnel between these two connections, both still HTTP: the backend's has read the {@code 101}, the client's is
     * about to write it.
     *
     * @param onEnd told once, when both sides are closed
     */
    public Tunnel open(EndPoint client, EndPoint backend, Executor executor, ByteBufferPool buffers,
                       Duration idleTimeout, Consumer<Tunnel> onEnd) {
        Tunnel tunnel = new Tunnel(client, backend, executor, buffers, idleTimeout.toMillis(), this, onEnd);
        open.add(tunnel);
        return tunnel;
    }

    /** Tunnels open now. */
    public int size() {
        return open.size();
    }

    void ended(Tunnel tunnel) {
        open.remove(tunnel);
        shutdown.check();
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return shutdown.shutdown();
    }

    @Override
    public boolean isShutdown() {
        return shutdown.isShutdown();
    }

    /** After the drain time: whatever is still open is closed. */
    @Override
    protected void doStop() {
        for (Tunnel tunnel : open) {
            tunnel.shutDown();
        }
        shutdown.cancel();
    }
}
