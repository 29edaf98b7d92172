package dev.fulcrum.proxy;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * Decides whether a failed backend exchange may be replayed on another backend without the client noticing.
 *
 * <p>Nothing is retried once any response byte has reached the client, nor once any of the request body has been
 * read from the client (it cannot be replayed). Within that: a failure to connect is always safe, since the backend
 * never saw the request; a reset or close before the response is safe for idempotent methods and for requests whose
 * body was still unsent; a backend that accepted the request and then stayed silent is not retried (504), because it
 * may still be working on it.
 */
public final class RetryPolicy {

    public boolean canRetry(String method, Throwable failure, ExchangeProgress progress) {
        if (progress.responseBegun() || progress.bodyStarted()) {
            return false;
        }
        if (isConnectFailure(failure)) {
            return true;
        }
        if (isBackendTimeout(failure)) {
            return false;
        }
        return isIdempotent(method) || progress.hasBody();
    }

    static boolean isConnectFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    static boolean isBackendTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    static boolean isIdempotent(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    /** What has happened so far in one attempt, as far as replaying it is concerned. */
    public interface ExchangeProgress {
        boolean responseBegun();

        boolean bodyStarted();

        boolean hasBody();
    }
}
