package dev.fulcrum.proxy;

import dev.fulcrum.lang.Causes;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.jetty.http.HttpException;

/**
 * Decides whether a failed backend exchange may be replayed on another backend without the client noticing.
 *
 * <p>Nothing is retried once any response byte has reached the client, nor once part of the request body was sent
 * on without being kept for a replay ({@code --max-replay-body}; a longer body cannot be sent again whole). Within
 * that:
 * <ul>
 *   <li>a refused or timed-out connect, or a failed TLS handshake (a certificate that is expired, not trusted or
 *       for another name), is always retried: the backend never saw the request;</li>
 *   <li>a connection reset or closed before the response is retried for any method while the backend cannot have
 *       had the whole request (its body, if any, was not all sent), as HAProxy's {@code retry-on conn-failure
 *       empty-response}; once it may have had all of it, only an idempotent one is, as after a timeout;</li>
 *   <li>a backend that took the request and did not start answering within the backend timeout is retried only for
 *       idempotent methods (GET, HEAD, OPTIONS, and PUT and DELETE when configured), because it may still act on
 *       it;</li>
 *   <li>a malformed response is never retried: the backend answered, wrongly, and that is reported as 502.</li>
 * </ul>
 */
public final class RetryPolicy {

    private final boolean idempotentWrites;

    public RetryPolicy(boolean idempotentWrites) {
        this.idempotentWrites = idempotentWrites;
    }

    public boolean canRetry(String method, Throwable failure, ExchangeProgress progress) {
        if (progress.responseBegun() || progress.bodyLost() || isMalformedResponse(failure)) {
            return false;
        }
        if (isConnectFailure(failure)) {
            return true;
        }
        if (isBackendTimeout(failure) || progress.bodySent()) {
            return isIdempotent(method);
        }
        return true;
    }

    boolean isIdempotent(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS" -> true;
            case "PUT", "DELETE" -> idempotentWrites;
            default -> false;
        };
    }

    static boolean isConnectFailure(Throwable failure) {
        return Causes.find(failure, ConnectException.class) != null
                || Causes.find(failure, SocketTimeoutException.class) != null
                || Causes.find(failure, SSLHandshakeException.class) != null;
    }

    static boolean isBackendTimeout(Throwable failure) {
        return Causes.find(failure, TimeoutException.class) != null;
    }

    /** The backend's bytes did not parse as HTTP: Jetty's client parser fails the exchange with an HttpException. */
    static boolean isMalformedResponse(Throwable failure) {
        return Causes.find(failure, HttpException.class) != null;
    }

    /** What has happened so far in one attempt, as far as replaying it is concerned. */
    public interface ExchangeProgress {
        boolean responseBegun();

        /** Part of the client's body was sent on and not kept, so no other backend can be sent the whole of it. */
        boolean bodyLost();

        /** The attempt sent the backend a request body to its end, so the backend may have acted on it. */
        boolean bodySent();
    }
}
