package dev.fulcrum.proxy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * A client's request body, read without blocking as the backend takes it, and kept in memory up to a bound so that a
 * failed attempt can be replayed on another backend with the same bytes.
 *
 * <p>Each attempt reads through its own {@link Attempt}: first the bytes kept so far, then, once it has caught up, new
 * bytes from the client, which are kept too while the total stays within {@code limit}. A body that grows past the
 * limit is passed through from then on, and {@link Progress#passedUnkept} says no later attempt can have it whole. Only
 * the newest attempt reads from the client; the client is asked for more (which is what sends a waiting client its
 * {@code 100 Continue}, RFC 9110 10.1.1) only when that attempt has consumed everything there is.
 *
 * <p>The client is read through Jetty's core request, so reading never blocks a thread and waiting for the client's
 * next bytes costs no thread at all: the demand callback is declared non-blocking and runs where the bytes arrive.
 */
final class ReplayableBody {

    /** What the exchange learns from the body as it is read. */
    interface Progress {

        /** A demand for more of the client's body is outstanding (true), or was answered (false). */
        void awaitingClient(boolean awaiting);

        /** Part of the body went past the replay buffer unkept: a later attempt could not send it whole. */
        void passedUnkept();

        /** The client's body failed to arrive or to parse. */
        void clientFailed(Throwable failure);

        /** The current attempt has been handed the body's end: its backend may have the whole request. */
        void sentToEnd();
    }

    private final Content.Source client;
    private final long length;
    private final int limit;
    private final Progress progress;
    private final Runnable onClientReady = Invocable.from(Invocable.InvocationType.NON_BLOCKING, this::clientReady);
    private final List<ByteBuffer> kept = new ArrayList<>(2);
    private int keptBytes;
    private boolean lost;
    /** The client body's end once read: {@link Content.Chunk#EOF} or a failure. */
    private Content.Chunk end;
    private Attempt current;
    private boolean demanding;

    /**
     * @param client the client's request, as Jetty's core content source
     * @param length the client's {@code Content-Length}, or -1 when it sent its body chunked
     * @param limit how many bytes are kept for a replay
     */
    ReplayableBody(Content.Source client, long length, int limit, Progress progress) {
        this.client = client;
        this.length = length;
        this.limit = limit;
        this.progress = progress;
    }

    /**
     * The body for a new attempt, from its first byte; the previous attempt, if any, reads nothing more.
     *
     * @param activity run for each new piece of the body read from the client (it moves the backend's deadline)
     */
    synchronized Attempt attempt(Runnable activity) {
        current = new Attempt(activity, !lost);
        return current;
    }

    private void clientReady() {
        Runnable waiting;
        synchronized (this) {
            demanding = false;
            waiting = current == null ? null : current.takeWaiting();
        }
        progress.awaitingClient(false);
        if (waiting != null) {
            waiting.run();
        }
    }

    /** One attempt's view of the body: the backend client reads it like any other request content. */
    final class Attempt implements Request.Content {

        private final Runnable activity;
        /** False when part of the body was passed through unkept before this attempt began. */
        private final boolean whole;
        private int next;
        private Runnable waiting;

        private Attempt(Runnable activity, boolean whole) {
            this.activity = activity;
            this.whole = whole;
        }

        @Override
        public long getLength() {
            return length;
        }

        @Override
        public Content.Chunk read() {
            synchronized (ReplayableBody.this) {
                if (!whole || this != current) {
                    return Content.Chunk.from(new IllegalStateException("the body cannot be replayed whole"), true);
                }
                if (next < kept.size()) {
                    activity.run();
                    return Content.Chunk.from(kept.get(next++).slice(), false);
                }
                if (end != null) {
                    if (end == Content.Chunk.EOF) {
                        progress.sentToEnd();
                    }
                    return end;
                }
                Content.Chunk chunk = fromClient();
                if (chunk != null && chunk.isLast() && !Content.Chunk.isFailure(chunk)) {
                    progress.sentToEnd();
                }
                return chunk;
            }
        }

        /** Reads the client's next bytes, keeping a copy while they fit the limit. */
        private Content.Chunk fromClient() {
            Content.Chunk chunk = client.read();
            if (chunk == null) {
                return null;
            }
            if (Content.Chunk.isFailure(chunk)) {
                if (chunk.isLast()) {
                    end = chunk;
                }
                progress.clientFailed(chunk.getFailure());
                return chunk;
            }
            if (chunk.isLast()) {
                end = Content.Chunk.EOF;
            }
            int size = chunk.remaining();
            if (size == 0) {
                return chunk;
            }
            activity.run();
            if (lost || keptBytes + size > limit) {
                if (!lost) {
                    lost = true;
                    progress.passedUnkept();
                }
                return chunk;
            }
            ByteBuffer copy = ByteBuffer.allocate(size);
            copy.put(chunk.getByteBuffer()).flip();
            boolean last = chunk.isLast();
            chunk.release();
            kept.add(copy);
            keptBytes += size;
            next = kept.size();
            return Content.Chunk.from(copy.slice(), last);
        }

        @Override
        public void demand(Runnable demandCallback) {
            boolean now;
            boolean askClient = false;
            synchronized (ReplayableBody.this) {
                now = next < kept.size() || end != null || this != current;
                if (!now) {
                    waiting = demandCallback;
                    if (!demanding) {
                        demanding = true;
                        askClient = true;
                    }
                }
            }
            if (now) {
                demandCallback.run();
            } else if (askClient) {
                progress.awaitingClient(true);
                client.demand(onClientReady);
            }
        }

        private Runnable takeWaiting() {
            Runnable w = waiting;
            waiting = null;
            return w;
        }

        /**
         * The backend exchange of this attempt failed. The client's body is not failed with it: another attempt may
         * still read it.
         */
        @Override
        public void fail(Throwable failure) {
            synchronized (ReplayableBody.this) {
                waiting = null;
            }
        }

        @Override
        public boolean rewind() {
            return false;
        }
    }
}
