package dev.fulcrum.proxy.tunnel;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * A client connection and a backend connection that both left HTTP after a {@code 101}, with the bytes each side
 * sends written to the other as they come, as Jetty's {@code ConnectHandler} tunnels a CONNECT: a side reads only
 * when the other has taken its last bytes, so a slow reader holds its peer back instead of filling memory. Nothing
 * here blocks: every read and write runs where the selector finds it ready.
 *
 * <p>A side that reaches the end of its stream has the other side's output shut (a half close, as TCP allows; a
 * WebSocket's closing handshake goes through before it); a side that closes, fails or stays silent past the idle
 * timeout closes the other. The tunnel has ended once both sides are closed, and says so once, with who ended it (the
 * side that sent the first WebSocket Close frame, {@link CloseFrameWatch}, or else the first side to end its
 * connection) and the bytes each side sent.
 *
 * <p>The backend side is made first, when its connection is upgraded, and reads nothing until the client's side is
 * open too, that is, until the client has its {@code 101}: until then nothing of the backend's may reach the client.
 */
public final class Tunnel {

    /** Why a tunnel ended: what happened first. */
    public enum End {
        CLIENT("closed by the client"),
        BACKEND("closed by the backend"),
        IDLE("idle timeout"),
        SHUTDOWN("closed at shutdown"),
        NOT_UPGRADED("the client's connection was not upgraded");

        private final String words;

        End(String words) {
            this.words = words;
        }

        /** In a few words, for a log line. */
        public String words() {
            return words;
        }
    }

    /** Bytes each side reads at most at once. */
    static final int BUFFER_SIZE = 16 * 1024;

    private final Side client;
    private final Side backend;
    private final Tunnels registry;
    private final Consumer<Tunnel> onEnd;
    private final AtomicReference<End> end = new AtomicReference<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicBoolean over = new AtomicBoolean();

    Tunnel(EndPoint clientEndPoint, EndPoint backendEndPoint, Executor executor, ByteBufferPool buffers,
           long idleTimeoutMillis, Tunnels registry, Consumer<Tunnel> onEnd) {
        this.registry = registry;
        this.onEnd = onEnd;
        this.client = new Side(clientEndPoint, executor, buffers, idleTimeoutMillis, End.CLIENT);
        this.backend = new Side(backendEndPoint, executor, buffers, idleTimeoutMillis, End.BACKEND);
        client.peer = backend;
        backend.peer = client;
    }

    /**
     * The client's side, for Jetty to put on the client's connection once the {@code 101} is written
     * ({@code HttpStream.UPGRADE_CONNECTION_ATTRIBUTE}).
     */
    public Connection clientSide() {
        return client;
    }

    /** Puts the backend's side on the backend's connection, which has read the {@code 101}; it waits for the client. */
    public void upgradeBackend() {
        backend.getEndPoint().upgrade(backend);
    }

    /** Whether the client's connection carries its side now, that is, whether Jetty upgraded it. */
    public boolean clientUpgraded() {
        return client.getEndPoint().getConnection() == client;
    }

    /** The client's connection was never handed over (it failed, or went away before its 101): the tunnel ends. */
    public void notUpgraded() {
        ending(End.NOT_UPGRADED);
        sideClosed(client);
        backend.getEndPoint().close();
    }

    /** Closes both sides, for a stop that waited long enough. */
    void shutDown() {
        ending(End.SHUTDOWN);
        client.getEndPoint().close();
        backend.getEndPoint().close();
    }

    /** Who ended the tunnel, once it has ended (or began to). */
    public End end() {
        return end.get();
    }

    /** Bytes the client sent through the tunnel (after the request that opened it). */
    public long bytesFromClient() {
        return client.bytesRead;
    }

    /** Bytes the backend sent through the tunnel (after its 101). */
    public long bytesFromBackend() {
        return backend.bytesRead;
    }

    private void ending(End cause) {
        end.compareAndSet(null, cause);
    }

    /**
     * A side's connection closed or failed under the tunnel, with no Close frame or end of stream seen first: while
     * the server stops, that is the stop closing it; otherwise the side's own doing.
     */
    private void failing(End side) {
        ending(registry.isShutdown() ? End.SHUTDOWN : side);
    }

    private void sideOpened() {
        if (opened.incrementAndGet() == 2) {
            client.pump.iterate();
            backend.pump.iterate();
        }
    }

    private void sideClosed(Side side) {
        if (!side.counted.compareAndSet(false, true)) {
            return;
        }
        if (closed.incrementAndGet() == 2 && over.compareAndSet(false, true)) {
            registry.ended(this);
            onEnd.accept(this);
        }
    }

    /** One connection of the tunnel, reading its own end point and writing to its peer's. */
    private final class Side extends AbstractConnection.NonBlocking implements Connection.UpgradeTo {

        private final ByteBufferPool buffers;
        private final long idleTimeoutMillis;
        /** What it means when this side's stream ends or fails. */
        private final End endsAs;
        private final Pump pump = new Pump();
        private final CloseFrameWatch frames = new CloseFrameWatch();
        private final AtomicBoolean counted = new AtomicBoolean();
        private Side peer;
        /** Bytes that arrived with the HTTP exchange, read before this side took over; null when none. */
        private ByteBuffer early;
        /** Written only by the pump, read once the tunnel has ended. */
        private volatile long bytesRead;

        Side(EndPoint endPoint, Executor executor, ByteBufferPool buffers, long idleTimeoutMillis, End endsAs) {
            super(endPoint, executor);
            this.buffers = buffers;
            this.idleTimeoutMillis = idleTimeoutMillis;
            this.endsAs = endsAs;
            setInputBufferSize(BUFFER_SIZE);
        }

        @Override
        public void onUpgradeTo(ByteBuffer buffer) {
            early = buffer;
        }

        @Override
        public void onOpen() {
            super.onOpen();
            getEndPoint().setIdleTimeout(idleTimeoutMillis);
            sideOpened();
        }

        @Override
        public void onFillable() {
            pump.iterate();
        }

        @Override
        public boolean onIdleExpired(TimeoutException timeout) {
            if (registry.isShutdown()) {
                // A stopping connector shortens its connections' idle timeout to a second, which would cut a quiet
                // WebSocket at once: it is given the drain time instead, as requests in flight are.
                return false;
            }
            ending(End.IDLE);
            // Jetty then fails the pending read, which closes both sides.
            return true;
        }

        @Override
        public void onClose(Throwable cause) {
            failing(endsAs);
            super.onClose(cause);
            peer.getEndPoint().close(cause);
            sideClosed(this);
        }

        /** Reads this side and writes to the peer, one buffer at a time, until this side's stream ends or fails. */
        private final class Pump extends IteratingCallback {

            private RetainableByteBuffer buffer;
            /** True while a write to the peer is pending, so that a failure is blamed on the right side. */
            private boolean writing;

            @Override
            protected Action process() {
                ByteBuffer first = early;
                if (first != null) {
                    early = null;
                    if (first.hasRemaining()) {
                        bytesRead += first.remaining();
                        relay(first);
                        return Action.SCHEDULED;
                    }
                }
                buffer = buffers.acquire(getInputBufferSize(), true);
                int filled;
                try {
                    filled = getEndPoint().fill(buffer.getByteBuffer());
                } catch (Throwable failure) {
                    release();
                    disconnect(endsAs, failure);
                    return Action.SUCCEEDED;
                }
                if (filled > 0) {
                    bytesRead += filled;
                    relay(buffer.getByteBuffer());
                    return Action.SCHEDULED;
                }
                release();
                if (filled == 0) {
                    fillInterested(this);
                    return Action.SCHEDULED;
                }
                // The end of this side's stream: the peer gets no more from it, but may still send (RFC 9293 3.6).
                ending(endsAs);
                peer.getEndPoint().shutdownOutput();
                return Action.SUCCEEDED;
            }

            private void relay(ByteBuffer bytes) {
                if (frames.closeIn(bytes)) {
                    ending(endsAs);
                }
                writing = true;
                peer.getEndPoint().write(this, bytes);
            }

            @Override
            protected void onSuccess() {
                writing = false;
                release();
            }

            @Override
            protected void onFailure(Throwable cause) {
                // A failed write is the peer's doing; a failed read wait (an idle timeout, a reset) this side's.
                disconnect(writing ? peer.endsAs : endsAs, cause);
            }

            @Override
            protected void onCompleteFailure(Throwable cause) {
                release();
            }

            private void disconnect(End cause, Throwable failure) {
                failing(cause);
                getEndPoint().close(failure);
                peer.getEndPoint().close(failure);
            }

            private void release() {
                RetainableByteBuffer held = buffer;
                buffer = null;
                if (held != null) {
                    held.release();
                }
            }

            @Override
            public Invocable.InvocationType getInvocationType() {
                return Invocable.InvocationType.NON_BLOCKING;
            }
        }
    }
}
