package dev.fulcrum.proxy;

import dev.fulcrum.pool.Attempts;
import dev.fulcrum.pool.Backend;

/**
 * Per-client-request state that outlives one backend attempt: which backends were tried, which one is serving now,
 * and how far the current attempt got. Kept as a request attribute; its fields are written by whichever thread runs
 * the current step of the exchange, and the steps of one exchange never overlap.
 */
final class ProxyExchange implements RetryPolicy.ExchangeProgress {

    static final String ATTRIBUTE = ProxyExchange.class.getName();

    final Attempts attempts = new Attempts();
    final boolean hasBody;
    final ExpectContinue.Handling expectation;
    volatile Backend backend;
    volatile boolean responseBegun;
    volatile boolean bodyStarted;
    /** True while a request thread is blocked reading the client's body for this attempt. */
    volatile boolean readingClient;
    /** Set when reading the client's request failed: the exchange's end is then the client's fault, not a backend's. */
    volatile Throwable clientFailure;

    ProxyExchange(boolean hasBody, ExpectContinue.Handling expectation) {
        this.hasBody = hasBody;
        this.expectation = expectation;
    }

    void attempt(Backend next) {
        backend = next;
        attempts.add(next);
        responseBegun = false;
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
