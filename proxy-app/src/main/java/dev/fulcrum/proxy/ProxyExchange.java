package dev.fulcrum.proxy;

import dev.fulcrum.pool.Attempts;
import dev.fulcrum.pool.Backend;

/**
 * Per-client-request state that outlives one backend attempt: which backends were tried, which one is serving now,
 * how far the current attempt got, the client's body as it is kept for a replay, and the writer of the response.
 * Kept as a request attribute and changed only through the transitions below, each named for what happened; they
 * run on whichever thread runs the current step of the exchange (a selector thread, mostly), and the steps of one
 * exchange never overlap, except the client's side (its body arriving, its connection failing), which only sets flags.
 */
final class ProxyExchange implements RetryPolicy.ExchangeProgress, ReplayableBody.Progress {

    static final String ATTRIBUTE = ProxyExchange.class.getName();

    private final Attempts attempts = new Attempts();
    private final boolean hasBody;
    private final ExpectContinue.Handling expectation;
    private ReplayableBody body;
    private ResponseWriter writer;
    private volatile Backend backend;
    private volatile boolean responseBegun;
    private volatile boolean bodyLost;
    private volatile boolean bodySent;
    /** True while the backend waits for more of the client's body and Fulcrum has asked the client for it. */
    private volatile boolean awaitingClient;
    /** Set when reading the client's request failed: the exchange's end is then the client's fault, not a backend's. */
    private volatile Throwable clientFailure;

    ProxyExchange(boolean hasBody, ExpectContinue.Handling expectation) {
        this.hasBody = hasBody;
        this.expectation = expectation;
    }

    /** The request is sent to {@code next}; its response has not begun. */
    void attempt(Backend next) {
        backend = next;
        attempts.add(next);
        responseBegun = false;
        bodySent = false;
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

    ExpectContinue.Handling expectation() {
        return expectation;
    }

    /** The backend serving (or last failing) this request. */
    Backend backend() {
        return backend;
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
