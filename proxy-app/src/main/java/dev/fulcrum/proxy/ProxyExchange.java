package dev.fulcrum.proxy;

import dev.fulcrum.pool.Attempts;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.Route;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

/**
 * Per-client-request state that outlives one backend attempt: which backends were tried, which one is serving now,
 * how far the current attempt got, the client's body as it is kept for a replay, and the writer of the response.
 * Kept as a request attribute and changed only through the transitions below, each named for what happened; they
 * run on whichever thread runs the current step of the exchange (a selector thread, mostly), and the steps of one
 * exchange never overlap, except the client's side (its body arriving, its connection failing), which only sets flags.
 *
 * <p>The backend's requests in flight ({@link dev.fulcrum.pool.BackendLoad}) follow the transitions too: an attempt
 * counts from {@link #attempt} until the next attempt or {@link #ended}, exactly once whichever comes first. An
 * exchange that became a tunnel ({@link #tunnelled}, a WebSocket) ends when the tunnel does, not when Jetty completes
 * its request.
 */
final class ProxyExchange implements RetryPolicy.ExchangeProgress, ReplayableBody.Progress {

    static final String ATTRIBUTE = ProxyExchange.class.getName();

    private static final VarHandle COUNTED;

    static {
        try {
            COUNTED = MethodHandles.lookup().findVarHandle(ProxyExchange.class, "counted", Route.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Attempts attempts = new Attempts();
    private final boolean hasBody;
    private final ExpectContinue.Handling expectation;
    private final boolean webSocket;
    private ReplayableBody body;
    private ResponseWriter writer;
    private volatile Route route;
    /** The route whose load counts this exchange now; null before the first attempt and once it ended. */
    @SuppressWarnings("unused")
    private volatile Route counted;
    private volatile boolean over;
    /** Set once the backend agreed to a WebSocket and its tunnel opened: the tunnel ends the exchange. */
    private volatile boolean tunnelled;
    /** The sticky token the client's cookie carried, 0 for none; read once, with the first attempt. */
    private long stickyToken;
    private volatile boolean responseBegun;
    private volatile boolean bodyLost;
    private volatile boolean bodySent;
    /** True while the backend waits for more of the client's body and Fulcrum has asked the client for it. */
    private volatile boolean awaitingClient;
    /** Set when reading the client's request failed: the exchange's end is then the client's fault, not a backend's. */
    private volatile Throwable clientFailure;

    ProxyExchange(boolean hasBody, ExpectContinue.Handling expectation, boolean webSocket) {
        this.hasBody = hasBody;
        this.expectation = expectation;
        this.webSocket = webSocket;
    }

    /** The request is sent to {@code next}, and is done with the backend of the attempt before; no response yet. */
    void attempt(Route next) {
        route = next;
        attempts.add(next.backend());
        responseBegun = false;
        bodySent = false;
        next.load().begin();
        endCounting((Route) COUNTED.getAndSet(this, next));
        if (over) {
            // An attempt that raced the end of the exchange is not left counting.
            endCounting((Route) COUNTED.getAndSet(this, (Route) null));
        }
    }

    /**
     * Ends the exchange of every client request when Jetty completes it, whichever way it went (answered, failed,
     * cut off), unless it became a tunnel: Jetty hands each completed request to its request log once. The request is
     * recorded on the meter of the backend that served it (or failed last), which its route carries: no lookup.
     */
    static final RequestLog END = (request, response) -> {
        if (request.getAttribute(ATTRIBUTE) instanceof ProxyExchange exchange) {
            Route served = exchange.route();
            if (served != null) {
                served.load().meter().completed(response.getStatus(), System.nanoTime() - request.getBeginNanoTime(),
                        Request.getContentBytesRead(request), Response.getContentBytesWritten(response));
            }
            if (!exchange.tunnelled) {
                exchange.ended();
            }
            if (exchange.hasBody) {
                PeekedBody.release(request);
            }
        }
    };

    /** The backend agreed to a WebSocket: from now on the exchange ends when its tunnel does. */
    void tunnelled() {
        tunnelled = true;
    }

    /** Whether the exchange became a tunnel, which ends and logs it. */
    boolean isTunnelled() {
        return tunnelled;
    }

    /** The client's exchange is over, however it ended: its backend, if it had one, is done with it. */
    void ended() {
        over = true;
        endCounting((Route) COUNTED.getAndSet(this, (Route) null));
    }

    private static void endCounting(Route previous) {
        if (previous != null) {
            previous.load().end();
        }
    }

    /** The client's sticky cookie named the backend with this token (0: no cookie, or one naming none). */
    void stickyTokenRead(long token) {
        stickyToken = token;
    }

    /** The client's body, kept for replays, once the first attempt needs it. */
    void bodyFrom(ReplayableBody clientBody) {
        body = clientBody;
    }

    ReplayableBody body() {
        return body;
    }

    /** The response goes to the client through {@code responseWriter} from now on. */
    void writeWith(ResponseWriter responseWriter) {
        writer = responseWriter;
    }

    /** The writer of the response, or null before one was set. */
    ResponseWriter writer() {
        return writer;
    }

    @Override
    public void awaitingClient(boolean awaiting) {
        awaitingClient = awaiting;
    }

    @Override
    public void sentToEnd() {
        bodySent = true;
    }

    @Override
    public void passedUnkept() {
        bodyLost = true;
    }

    /** The client's request failed to arrive or to parse, or the client could not take the response. */
    @Override
    public void clientFailed(Throwable failure) {
        clientFailure = failure;
    }

    /** The backend's response head arrived. */
    void responseBegan() {
        responseBegun = true;
    }

    Attempts attempts() {
        return attempts;
    }

    boolean hasBody() {
        return hasBody;
    }

    /** Whether the client asked for a WebSocket ({@link WebSocketUpgrade#requested}). */
    boolean webSocket() {
        return webSocket;
    }

    ExpectContinue.Handling expectation() {
        return expectation;
    }

    /** The backend serving (or last failing) this request. */
    Backend backend() {
        Route current = route;
        return current == null ? null : current.backend();
    }

    /** The route of the current attempt, or null before the first. */
    Route route() {
        return route;
    }

    long stickyToken() {
        return stickyToken;
    }

    /** Whether the backend was waiting for the client's body, so that a backend deadline passing then is the client's. */
    boolean awaitingClient() {
        return awaitingClient;
    }

    /** How the client's side failed, or null. */
    Throwable clientFailure() {
        return clientFailure;
    }

    @Override
    public boolean responseBegun() {
        return responseBegun;
    }

    @Override
    public boolean bodyLost() {
        return bodyLost;
    }

    @Override
    public boolean bodySent() {
        return bodySent;
    }
}
