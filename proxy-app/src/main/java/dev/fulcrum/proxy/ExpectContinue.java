package dev.fulcrum.proxy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContinueProtocolHandler;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpExchange;
import org.eclipse.jetty.client.transport.HttpRequest;

/**
 * A client's {@code Expect: 100-continue} (RFC 9110 10.1.1), passed on to the backend so that it can still refuse the
 * upload before the client sends it (401, 413, 417 reach the client, which then never sends the body, and nothing of
 * that counts against the backend), but with a deadline: a backend may just wait for the body instead of answering
 * {@code 100}, so when it has answered nothing within {@link #WAIT} after the request head, the body is sent anyway,
 * as curl does. The client gets its {@code 100 Continue} from Fulcrum's server as soon as the proxy first asks it for
 * the body ({@link ReplayableBody}), in either case and over any protocol the server speaks.
 *
 * <p>The backend client holds the body back by itself while the expectation waits (Jetty's {@code HttpSender} reads
 * no content until it is told to proceed, so the client is not asked for its body either); a 100 tells it through
 * the {@link Handler}, the deadline through {@link #arm}. Once the body has been released, a final answer is an ordinary response, streamed, not the refusal
 * of an expectation that Jetty's handler would buffer.
 */
final class ExpectContinue {

    /** How long a backend has, after the request head, to answer an expectation before the body is sent anyway. */
    static final Duration WAIT = Duration.ofSeconds(1);

    private static final String DEADLINE = ExpectContinue.class.getName() + ".deadline";

    private ExpectContinue() {
    }

    /** What happens to a request's {@code Expect} header. */
    enum Handling {
        /** The request has none. */
        NONE,
        /** It goes to the backend, and the body waits for the backend's answer or the deadline. */
        FORWARDED,
        /** It is removed: there is no body to hold back, or the client does not wait for an answer. */
        IGNORED
    }

    /**
     * @param expect the client's {@code Expect} header, or null; Jetty's server has answered 417 to any other than
     *     {@code 100-continue}
     */
    static Handling handling(String expect, boolean hasContent, String protocol) {
        if (expect == null) {
            return Handling.NONE;
        }
        // A request without content has nothing to hold back (RFC 9110 says such a client must not send one), and
        // an HTTP/1.0 client's expectation must be ignored: it sends its body without waiting.
        return hasContent && !"HTTP/1.0".equals(protocol) ? Handling.FORWARDED : Handling.IGNORED;
    }

    /** Releases the body of {@code proxyRequest}, which carries the expectation, {@link #WAIT} after its head. */
    static void arm(Request proxyRequest, HttpClient client) {
        Deadline deadline = new Deadline();
        proxyRequest.attribute(DEADLINE, deadline);
        proxyRequest.onRequestCommit(request -> {
            HttpExchange exchange = ((HttpRequest) request).getConversation().getExchanges().peekLast();
            // The release may read the client's body at once, so it runs on the pool, never on the scheduler thread.
            client.getScheduler().schedule(() -> client.getExecutor().execute(() -> deadline.expire(exchange)),
                    WAIT.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /** The expectation's deadline for one attempt, passed once the body has been released without a 100. */
    private static final class Deadline {

        private volatile boolean passed;

        void expire(HttpExchange exchange) {
            if (exchange == null || exchange.getResponse().getStatus() != 0) {
                // The backend has begun to answer (a 100 or a final response): the handler below takes it from there.
                return;
            }
            passed = true;
            // Does nothing once the exchange is over, or when a 100 has already released the body.
            exchange.proceed(null, null);
        }
    }

    /**
     * Jetty's handler for 100 responses and refused expectations (replacing the proxy servlet's, which only adds a
     * continue action Fulcrum does not use), except that a final response arriving after the deadline released the
     * body is left to the proxy's own listener.
     */
    static final class Handler extends ContinueProtocolHandler {

        @Override
        public boolean accept(Request request, Response response) {
            if (response.getStatus() != 100 && request.getAttributes().get(DEADLINE) instanceof Deadline deadline
                    && deadline.passed) {
                return false;
            }
            return super.accept(request, response);
        }
    }
}
