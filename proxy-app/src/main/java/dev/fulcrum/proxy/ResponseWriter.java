package dev.fulcrum.proxy;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.function.Consumer;
import org.eclipse.jetty.util.Callback;

/**
 * Writes a response to the client without blocking, one piece at a time, on whichever thread the piece arrives.
 *
 * <p>Registered with the client's output stream while the request is still being dispatched, so that the servlet
 * container has nothing to wake when the first piece arrives: a write that completes at once (the common case) is
 * acknowledged on the spot, and only one the client cannot take yet waits for {@link #onWritePossible}, which the
 * container calls on a pool thread. A piece of a streamed body (no {@code Content-Length}) is flushed as soon as it is
 * written, so events reach the client as they happen.
 *
 * <p>The container may call {@link #onWritePossible} once when the listener is set, with nothing written yet, and
 * that call may race a write from another thread; {@link ServletOutputStream#isReady()} tells a finished write from
 * one still in progress.
 */
final class ResponseWriter implements WriteListener {

    private final ServletOutputStream out;
    private final Consumer<Throwable> onClientFailure;
    private Callback pending;
    private boolean flushPending;

    /** @param onClientFailure told when the client cannot take the response (it went away) */
    ResponseWriter(ServletOutputStream out, Consumer<Throwable> onClientFailure) {
        this.out = out;
        this.onClientFailure = onClientFailure;
    }

    /**
     * Writes {@code length} bytes, flushed when {@code flush}; {@code done} is completed once the client has taken
     * them (or failed, when it cannot). A write is called only after the previous one completed.
     */
    void write(byte[] buffer, int offset, int length, boolean flush, Callback done) {
        try {
            synchronized (this) {
                out.write(buffer, offset, length);
                if (flush) {
                    if (!out.isReady()) {
                        pending = done;
                        flushPending = true;
                        return;
                    }
                    out.flush();
                }
                if (!out.isReady()) {
                    pending = done;
                    return;
                }
            }
            done.succeeded();
        } catch (Throwable failure) {
            onClientFailure.accept(failure);
            done.failed(failure);
        }
    }

    @Override
    public void onWritePossible() throws IOException {
        Callback done;
        synchronized (this) {
            if (pending == null || !out.isReady()) {
                return;
            }
            if (flushPending) {
                flushPending = false;
                out.flush();
                if (!out.isReady()) {
                    return;
                }
            }
            done = pending;
            pending = null;
        }
        done.succeeded();
    }

    @Override
    public void onError(Throwable failure) {
        Callback done;
        synchronized (this) {
            done = pending;
            pending = null;
        }
        onClientFailure.accept(failure);
        if (done != null) {
            done.failed(failure);
        }
    }
}
