package dev.fulcrum.proxy.connection;

import dev.fulcrum.time.TimeSource;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Jetty's HTTP/1 connection with Fulcrum's {@link RequestParser}, plus the moment the request head now being parsed
 * began, so that a
 * {@link HeadTimeoutSweeper} can answer 408 to a client whose head is not complete within the header timeout. Jetty
 * has no such deadline: its idle timeout is reset by every byte, so a client that dribbles one byte at a time holds
 * a connection (and a slot under the connection limit) for as long as it likes.
 *
 * <p>The fast path costs one reading of the {@link TimeSource}, one ordered store and one compare-and-set per request; there
 * is no timer per request or per connection. The 408 itself goes through Jetty's own bad-message path (the same one
 * that answers 400 or 431), so the client gets Fulcrum's error body from the server's error handler, the access log
 * sees the request, and the connection closes after the response.
 *
 * <p>Races: the sweeper claims an overdue head by moving {@link #headBegun} from the observed begin time to
 * {@link #EXPIRED}; from then on the head can only end in a 408. If the connection is waiting for bytes, the sweeper
 * fails its read interest, which Jetty hands to exactly one of "bytes arrived" or "read failed", so the 408 is never
 * written while the parser runs. If bytes arrived at that instant, the parser sees {@code EXPIRED} when the head
 * completes and raises the 408 itself; otherwise the next sweep tries again.
 */
final class HeadTimeoutConnection extends HttpConnection {

    /** No request head is in progress; as a {@code nanoTime} this would be 292 years before the clock's origin. */
    private static final long NONE = Long.MIN_VALUE;
    /** The sweeper has claimed the head: it ends in a 408. */
    private static final long EXPIRED = Long.MIN_VALUE + 1;

    private static final VarHandle HEAD_BEGUN;

    static {
        try {
            HEAD_BEGUN = MethodHandles.lookup().findVarHandle(HeadTimeoutConnection.class, "headBegun", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@link #NONE}, {@link #EXPIRED}, or the {@code nanoTime} at which the current head's first byte was parsed. */
    @SuppressWarnings("unused") // accessed through HEAD_BEGUN
    private volatile long headBegun = NONE;
    /** Written and read only on the connection's serialised read path (parser callbacks and read-interest failure). */
    private boolean errorAnswered;
    /**
     * The handler Jetty's constructor made through {@link #newRequestHandler} just before it asks for the parser that
     * must use it. Deliberately without an initializer, which would run after that constructor and erase it.
     */
    private RequestHandler requestHandler;
    private final TimeSource time;

    /** @param maxBodySize the largest request body, or -1 for no limit, for chunk sizes read by the parser */
    HeadTimeoutConnection(HttpConfiguration config, Connector connector, EndPoint endPoint, long maxBodySize,
                          TimeSource time) {
        super(config, connector, endPoint);
        this.time = time;
        ((RequestParser) getParser()).limitBody(maxBodySize);
    }

    @Override
    protected HttpParser newHttpParser(HttpCompliance compliance) {
        HttpConfiguration config = getHttpConfiguration();
        RequestParser parser = new RequestParser(requestHandler, config.getRequestHeaderSize(), compliance);
        parser.setHeaderCacheSize(config.getHeaderCacheSize());
        parser.setHeaderCacheCaseSensitive(config.isHeaderCacheCaseSensitive());
        return parser;
    }

    @Override
    protected HttpStreamOverHTTP1 newHttpStream(String method, String uri, HttpVersion version) {
        String malformed = RequestTarget.malformation(method, uri);
        if (malformed != null) {
            // Thrown while the parser reads the request line, this is answered as its bad message (400).
            throw new BadMessageException("malformed request target: " + malformed);
        }
        try {
            return new RequestStream(method, uri, version, null);
        } catch (IllegalArgumentException refused) {
            // Nothing in it is malformed, so Jetty refused dot segments that climb above the root. (A bad authority of an
            // absolute-form target is kept in the stand-in and refused again, as a 400.)
            return new RequestStream(method, ClientTarget.standIn(uri), version, ClientTarget.pathQuery(uri));
        }
    }

    @Override
    protected RequestHandler newRequestHandler() {
        requestHandler = new HeadTimingRequestHandler();
        return requestHandler;
    }

    /**
     * Called by the sweeper: claims this connection's head if it began before {@code deadline} and is still
     * incomplete, then answers it with 408 unless the connection is reading right now.
     *
     * @return whether this call claimed the head; one claimed by an earlier sweep is tried again but not counted
     */
    boolean expireHeadBegunBefore(long deadlineNanos) {
        long begun = (long) HEAD_BEGUN.getOpaque(this);
        if (begun == NONE) {
            return false;
        }
        boolean claimed = false;
        if (begun != EXPIRED) {
            if (begun - deadlineNanos >= 0 || !HEAD_BEGUN.compareAndSet(this, begun, EXPIRED)) {
                return false;
            }
            claimed = true;
        }
        // Fails the read interest only if the connection is waiting for bytes; then no other thread is in the parser.
        if (getEndPoint() instanceof AbstractEndPoint endPoint) {
            endPoint.getFillInterest().onFail(new HeadTimeout());
        }
        return claimed;
    }

    @Override
    public void onFillInterestedFailed(Throwable cause) {
        if (!(cause instanceof HeadTimeout)) {
            super.onFillInterestedFailed(cause);
            return;
        }
        if (errorAnswered) {
            // A later sweep raced the error already on its way; the connection is closing anyway.
            return;
        }
        // As Jetty's parser does on a malformed head: stop parsing, then let the connection answer the error.
        getParser().close();
        ((RequestHandler) getParser().getHandler()).badMessage(headTimeout());
    }

    private static HttpException.RuntimeException headTimeout() {
        return new HttpException.RuntimeException(HttpStatus.REQUEST_TIMEOUT_408, "request head not received in time");
    }

    /** Marks the read-interest failure as the sweeper's, as opposed to Jetty's idle timeout or a closed socket. */
    private static final class HeadTimeout extends TimeoutException {
        HeadTimeout() {
            super("request head not received in time");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /**
     * Jetty's HTTP/1 stream, whose body fails with the status the {@link RequestParser} refused it with, and which
     * hands the client's target on when Jetty only parsed a stand-in ({@link ClientTarget}).
     */
    private final class RequestStream extends HttpStreamOverHTTP1 {

        private final String clientTarget;

        /** @param clientTarget the path and query the client sent, when {@code uri} is a stand-in; else null */
        RequestStream(String method, String uri, HttpVersion version, String clientTarget) {
            super(method, uri, version);
            this.clientTarget = clientTarget;
        }

        @Override
        public Runnable headerComplete() {
            Runnable handle = super.headerComplete();
            if (clientTarget != null) {
                getHttpChannel().getRequest().setAttribute(ClientTarget.ATTRIBUTE, clientTarget);
            }
            return handle;
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk chunk = super.read();
            if (Content.Chunk.isFailure(chunk)) {
                HttpException refusal = ((RequestParser) getParser()).bodyRefusal();
                if (refusal instanceof Throwable failure) {
                    // In place of Jetty's early EOF, which the proxy would answer as 400 (a 413 for a chunk size
                    // beyond --max-body, as SizeLimitHandler answers a body that grows past it).
                    return Content.Chunk.from(failure, true);
                }
            }
            return chunk;
        }
    }

    private final class HeadTimingRequestHandler extends RequestHandler {

        @Override
        public void messageBegin() {
            super.messageBegin();
            // The parser calls this each time it is handed bytes between two requests, even none; only bytes that
            // are there start the clock, and a head that never got past leading blank lines stops it again.
            long begun = (long) HEAD_BEGUN.getOpaque(HeadTimeoutConnection.this);
            if (isRequestBufferEmpty()) {
                if (begun != NONE && begun != EXPIRED) {
                    HEAD_BEGUN.compareAndSet(HeadTimeoutConnection.this, begun, NONE);
                }
            } else if (begun == NONE) {
                HEAD_BEGUN.setRelease(HeadTimeoutConnection.this, time.nanoTime());
            }
        }

        @Override
        public boolean headerComplete() {
            long begun = (long) HEAD_BEGUN.getAndSet(HeadTimeoutConnection.this, NONE);
            if (begun == EXPIRED) {
                // The sweeper claimed this head while these bytes were arriving; it may fail a later read, so the
                // request must not start. Thrown, this becomes the parser's bad message, answered as 408.
                throw headTimeout();
            }
            return super.headerComplete();
        }

        @Override
        public void badMessage(HttpException failure) {
            errorAnswered = true;
            HEAD_BEGUN.setRelease(HeadTimeoutConnection.this, NONE);
            super.badMessage(failure);
        }
    }
}
