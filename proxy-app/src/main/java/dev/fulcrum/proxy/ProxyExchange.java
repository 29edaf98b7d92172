package dev.fulcrum.proxy;

import dev.fulcrum.pool.Attempts;
import dev.fulcrum.pool.Backend;

/**
 * Per-client-request state that outlives one backend attempt: which backends were tried, which one is serving now,
 * and how far the current attempt got. Kept as a request attribute and changed only through the transitions below,
 * each named for what happened; they run on whichever thread runs the current step of the exchange, and the steps of
 * one exchange never overlap.
 */
final class ProxyExchange implements RetryPolicy.ExchangeProgress {

    static final String ATTRIBUTE = ProxyExchange.class.getName();

    private final Attempts attempts = new Attempts();
    private final boolean hasBody;
    private final ExpectContinue.Handling expectation;
    private volatile Backend backend;
    private volatile boolean responseBegun;
    private volatile boolean bodyStarted;
    /** True while a request thread is blocked reading the client's body for this attempt. */
    private volatile boolean readingClient;
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
    }

    /**
     * A read of the client's body begins. Marked before the (blocking) read, not after: once a read has begun, the
     * client's bytes may be consumed by this attempt, so the body can no longer be replayed on another backend.
     */
    void clientBodyReadStarted() {
        bodyStarted = true;
        readingClient = true;
    }

    /** The read of the client's body returned, with bytes or not. */
    void clientBodyReadEnded() {
        readingClient = false;
    }

    /** The client's request failed to arrive or to parse, or the client could not take the response. */
    void clientFailed(Throwable failure) {
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

    boolean readingClient() {
        return readingClient;
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
    public boolean bodyStarted() {
        return bodyStarted;
    }
}
