package dev.fulcrum.proxy;

import dev.fulcrum.lang.Causes;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;

/**
 * Whose fault a failed backend exchange is, which decides what it costs and whom:
 * <ul>
 *   <li>{@link #CLIENT}: the client's request failed to arrive or to parse, or the client stalled while Fulcrum
 *       waited for its body (the backend's deadline ran out then): answered with the client's 4xx, never retried,
 *       no strike against the backend;</li>
 *   <li>{@link #BACKEND}: the backend could not be reached, failed the TLS handshake, or did not start answering in
 *       time: a passive-health strike (enough of them eject it), and retried where replay is safe;</li>
 *   <li>{@link #NOBODY}: anything else (a connection reset, a malformed response, a failure after the response
 *       began): retried where replay is safe, or answered 502/504, but no strike, since passive ejection counts only
 *       a backend that cannot be reached.</li>
 * </ul>
 */
enum Blame {
    CLIENT,
    BACKEND,
    NOBODY;

    /**
     * @param clientFailure how the client's side failed, or null
     * @param awaitingClient whether Fulcrum was waiting for the client's body when the exchange failed
     * @param responseBegun whether the backend's response head had arrived
     */
    static Blame of(Throwable failure, Throwable clientFailure, boolean awaitingClient, boolean responseBegun) {
        if (clientFailure != null || awaitingClient && RetryPolicy.isBackendTimeout(failure)) {
            return CLIENT;
        }
        if (!responseBegun && (RetryPolicy.isConnectFailure(failure) || RetryPolicy.isBackendTimeout(failure))) {
            return BACKEND;
        }
        return NOBODY;
    }

    /**
     * The status a client's failure is answered with: what a refusal carries (413 for a body past --max-body, 400
     * for a bad chunk), 408 for a client that stalled, otherwise 400.
     */
    static int clientStatus(Throwable clientFailure) {
        Throwable cause = Causes.find(clientFailure, t -> t instanceof HttpException || t instanceof TimeoutException);
        if (cause instanceof HttpException http) {
            return http.getCode();
        }
        return cause == null ? HttpStatus.BAD_REQUEST_400 : HttpStatus.REQUEST_TIMEOUT_408;
    }
}
