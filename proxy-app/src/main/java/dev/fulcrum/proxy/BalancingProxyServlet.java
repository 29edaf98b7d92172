package dev.fulcrum.proxy;

import dev.fulcrum.health.FailureDescription;
import dev.fulcrum.health.PassiveHealthCheck;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.pool.BackendSelector;
import dev.fulcrum.logging.LogThrottle;
import dev.fulcrum.proxy.connection.ClientTarget;
import dev.fulcrum.time.TimeSource;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's {@link ProxyServlet} with the backend chosen per request from the {@link BackendPool}'s routing table, as
 * thin as Jetty's own proxies: each override is one step of the exchange, and each decision is a small policy class
 * of its own: the {@link BackendSelector} picks the backend in {@link #rewriteTarget}, {@link ForwardedHeaders} says
 * what the backend is told about the client, {@link ResponseHeaderFilter} which response headers pass,
 * {@link Blame} whose fault a failure is, {@link RetryPolicy} and the {@link RetryBudget} whether it is tried again
 * elsewhere, and {@link ErrorResponse} what the client reads when Fulcrum answers itself. The exchange's own state
 * moves only through the transitions of {@link ProxyExchange}.
 *
 * <p>A request is retried at most {@code --retries} times, each time on a backend it has not tried, and only before
 * the client saw anything. Request threads only read the pool's immutable table; they never lock or touch the
 * database.
 */
public class BalancingProxyServlet extends ProxyServlet {

    /** The name of the backend that served (or last failed) the request, for the access log. */
    public static final String BACKEND_ATTRIBUTE = "dev.fulcrum.backend";

    private static final Logger log = LoggerFactory.getLogger(BalancingProxyServlet.class);

    private final BackendPool pool;
    private final BackendSelector selector;
    private final RetryPolicy retryPolicy;
    private final RetryBudget retryBudget;
    private final PassiveHealthCheck passiveHealth;
    private final ProxySettings settings;
    private final ResponseHeaderFilter responseHeaders;
    private final LogThrottle malformedLog;
    private final LogThrottle tlsLog;

    public BalancingProxyServlet(BackendPool pool, BackendSelector selector, RetryBudget retryBudget,
                                 PassiveHealthCheck passiveHealth, ProxySettings settings, TimeSource time) {
        this.pool = pool;
        this.selector = selector;
        this.retryPolicy = new RetryPolicy(settings.retries().idempotentWrites());
        this.retryBudget = retryBudget;
        this.passiveHealth = passiveHealth;
        this.settings = settings;
        this.responseHeaders = new ResponseHeaderFilter(HOP_HEADERS, settings.serverHeader() != null);
        this.malformedLog = new LogThrottle(Duration.ofSeconds(10), time);
        this.tlsLog = new LogThrottle(Duration.ofSeconds(10), time);
    }

    /** How {@code https://} backends are trusted: {@link ProxySettings#backendTls()}. */
    @Override
    protected ClientConnector newClientConnector() {
        ClientConnector connector = super.newClientConnector();
        connector.setSslContextFactory(settings.backendTls().newClientFactory());
        return connector;
    }

    @Override
    protected HttpClient newHttpClient(ClientConnector clientConnector) {
        HttpClient client = new BackendHttpClient(new HttpClientTransportDynamic(clientConnector), settings);
        client.setConnectTimeout(settings.connectTimeout().toMillis());
        // The same parser rules as for clients (ProxyServer), stated rather than left to Jetty's default: a response
        // with ambiguous framing fails the exchange as malformed (502), and its connection is closed, not reused.
        client.setHttpCompliance(HttpCompliance.RFC9110);
        return client;
    }

    @Override
    protected HttpClient createHttpClient() throws ServletException {
        HttpClient client = super.createHttpClient();
        // In place of the servlet's handler of the same name ("continue").
        client.getProtocolHandlers().put(new ExpectContinue.Handler());
        return client;
    }

    /**
     * False, so that ProxyServlet gives the backend request the client's body directly: the backend client holds it
     * back by itself while a forwarded {@code Expect} waits ({@link ExpectContinue}), where the servlet's own
     * deferral would wait for a 100 that a backend need not send.
     */
    @Override
    protected boolean expects100Continue(HttpServletRequest request) {
        return false;
    }

    /** The time a backend has to start its response; {@link BackendRequest} moves the deadline as the body flows. */
    @Override
    public long getTimeout() {
        return settings.backendTimeout().toMillis();
    }

    @Override
    protected String rewriteTarget(HttpServletRequest clientRequest) {
        boolean hasBody = hasContent(clientRequest);
        ProxyExchange exchange = new ProxyExchange(hasBody, ExpectContinue.handling(
                clientRequest.getHeader(HttpHeader.EXPECT.asString()), hasBody, clientRequest.getProtocol()));
        clientRequest.setAttribute(ProxyExchange.ATTRIBUTE, exchange);
        retryBudget.recordRequest();
        Backend backend = selector.select(pool.routingTable(), exchange.attempts());
        if (backend == null) {
            return null;
        }
        exchange.attempt(backend);
        clientRequest.setAttribute(BACKEND_ATTRIBUTE, backend.name());
        return target(backend, clientRequest);
    }

    /** The backend's base URL with the client's path and query, both kept exactly as the client encoded them. */
    static String target(Backend backend, HttpServletRequest clientRequest) {
        String base = backend.baseUrl();
        String replaced = ClientTarget.replaced(clientRequest);
        if (replaced != null) {
            return base + replaced;
        }
        String path = clientRequest.getRequestURI();
        String query = clientRequest.getQueryString();
        StringBuilder uri = new StringBuilder(base.length() + path.length() + (query == null ? 0 : query.length() + 1));
        uri.append(base).append(path);
        if (query != null) {
            uri.append('?').append(query);
        }
        return uri.toString();
    }

    @Override
    protected void sendProxyRequest(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                    Request proxyRequest) {
        ExpectContinue.Handling expectation = exchange(clientRequest).expectation();
        if (expectation == ExpectContinue.Handling.FORWARDED) {
            ExpectContinue.arm(proxyRequest, getHttpClient());
        } else if (expectation == ExpectContinue.Handling.IGNORED) {
            proxyRequest.headers(headers -> headers.remove(HttpHeader.EXPECT));
        }
        super.sendProxyRequest(clientRequest, proxyResponse, proxyRequest);
    }

    @Override
    protected void onProxyRewriteFailed(HttpServletRequest clientRequest, HttpServletResponse proxyResponse) {
        sendProxyResponseError(clientRequest, proxyResponse, HttpStatus.SERVICE_UNAVAILABLE_503);
    }

    /** The {@code X-Forwarded-*} headers and the request id, by the trust rules of {@link ForwardedHeaders}. */
    @Override
    protected void addProxyHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        String remote = clientRequest.getRemoteAddr();
        boolean trusted = settings.trustedProxies().contains(remote);
        String forwardedFor = trusted ? joined(clientRequest.getHeaders(ForwardedHeaders.FORWARDED_FOR)) : null;
        String scheme = clientRequest.getScheme();
        String host = clientRequest.getHeader("Host");
        String requestId = RequestIds.of(clientRequest);
        proxyRequest.headers(headers -> ForwardedHeaders.apply(headers, remote, trusted, forwardedFor, scheme, host,
                requestId));
    }

    private static String joined(Enumeration<String> values) {
        return values.hasMoreElements() ? String.join(", ", Collections.list(values)) : null;
    }

    @Override
    protected Request.Content proxyRequestContent(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                                  Request proxyRequest) throws IOException {
        ProxyExchange exchange = exchange(clientRequest);
        BackendRequest backendRequest = (BackendRequest) proxyRequest;
        InputStream body = exchange.expectation() == ExpectContinue.Handling.FORWARDED
                ? ExpectContinue.deferredBody(clientRequest) : clientRequest.getInputStream();
        return new ProxyInputStreamRequestContent(clientRequest, proxyResponse, proxyRequest, body) {
            /** A failure Jetty handed in from outside (the exchange was aborted), as opposed to a failed read. */
            private volatile Throwable failedFromOutside;

            @Override
            public Content.Chunk read() {
                exchange.clientBodyReadStarted();
                Content.Chunk chunk;
                try {
                    chunk = super.read();
                } finally {
                    exchange.clientBodyReadEnded();
                }
                if (Content.Chunk.isFailure(chunk)) {
                    if (chunk.getFailure() != failedFromOutside) {
                        // A body that fails to arrive or to parse (a bad chunk size, a client gone) fails the backend
                        // exchange with the client's exception, which by itself would read as the backend's fault
                        // (502, logged as a malformed response): remembered here, it is answered as the client's.
                        exchange.clientFailed(chunk.getFailure());
                    }
                } else if (chunk != null && chunk.hasRemaining()) {
                    backendRequest.requestActivity();
                }
                return chunk;
            }

            @Override
            public void fail(Throwable failure) {
                if (!exchange.readingClient()) {
                    failedFromOutside = failure;
                }
                super.fail(failure);
            }
        };
    }

    @Override
    protected void onClientRequestFailure(HttpServletRequest clientRequest, Request proxyRequest,
                                          HttpServletResponse proxyResponse, Throwable failure) {
        // Remembered before the abort below reaches the response listener, so that the failed exchange is charged
        // to the client (4xx, no retry, no passive-health strike) and not to the backend.
        ProxyExchange exchange = exchange(clientRequest);
        if (exchange != null) {
            exchange.clientFailed(failure);
        }
        super.onClientRequestFailure(clientRequest, proxyRequest, proxyResponse, failure);
    }

    @Override
    protected int clientRequestStatus(Throwable failure) {
        return Blame.clientStatus(failure);
    }

    @Override
    protected Response.Listener newProxyResponseListener(HttpServletRequest clientRequest,
                                                         HttpServletResponse proxyResponse) {
        ProxyExchange exchange = exchange(clientRequest);
        return new ProxyResponseListener(clientRequest, proxyResponse) {
            @Override
            public void onBegin(Response serverResponse) {
                exchange.responseBegan();
                ((BackendRequest) serverResponse.getRequest()).responseActivity();
                HttpVersion version = serverResponse.getVersion();
                if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
                    // Backends are spoken to in HTTP/1.1 only, yet Jetty's parser takes any version it knows from a
                    // status line, so "HTTP/2.0 200" would pass as a response whose framing nobody agreed on.
                    serverResponse.abort(new BadMessageException("Bad response version " + version));
                    return;
                }
                super.onBegin(serverResponse);
            }

            @Override
            public void onContent(Response serverResponse, Content.Chunk chunk, Runnable demander) {
                ((BackendRequest) serverResponse.getRequest()).responseActivity();
                super.onContent(serverResponse, chunk, demander);
            }

            @Override
            public void onComplete(Result result) {
                if (result.isFailed() && result.getResponseFailure() == null && exchange.responseBegun()) {
                    // The backend answered in full before taking all of the request (an early 401 or 413, or a
                    // refused 100-continue) and only the request side failed: that answer is the response.
                    onProxyResponseSuccess(clientRequest, proxyResponse, result.getResponse());
                    return;
                }
                super.onComplete(result);
            }
        };
    }

    /**
     * Passes each piece of a streamed body (chunked or until close: events, progress) on as it comes, instead of
     * letting it wait until the response buffer fills. A body with a Content-Length is left to the buffer, which
     * Jetty sends when it fills or the body is complete: that costs a download nothing, and a backend that cuts such a
     * response short while it is all still buffered can be answered with a clean 502.
     */
    @Override
    protected void onResponseContent(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                     Response serverResponse, byte[] buffer, int offset, int length,
                                     Callback callback) {
        try {
            ServletOutputStream out = proxyResponse.getOutputStream();
            out.write(buffer, offset, length);
            if (serverResponse.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) < 0) {
                out.flush();
            }
            // A slow client holds the next backend read back; the pause is the client's, so the backend's idle
            // deadline counts from when the chunk was passed on, not from when it arrived.
            ((BackendRequest) serverResponse.getRequest()).responseActivity();
            callback.succeeded();
        } catch (Throwable failure) {
            // The client could not take the bytes (it hung up): the backend exchange is aborted with the client's
            // EOF, which must not read as the backend cutting its own response short.
            ProxyExchange exchange = exchange(clientRequest);
            if (exchange != null) {
                exchange.clientFailed(failure);
            }
            callback.failed(failure);
        }
    }

    /** The backend's headers that are not hop-by-hop, by the rules of {@link ResponseHeaderFilter}. */
    @Override
    protected void onServerResponseHeaders(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                           Response serverResponse) {
        HttpFields headers = serverResponse.getHeaders();
        Set<String> named = ResponseHeaderFilter.connectionNamed(headers);
        for (HttpField field : headers) {
            if (responseHeaders.passes(field, named)) {
                proxyResponse.addHeader(field.getName(), field.getValue());
            }
        }
    }

    @Override
    protected void onProxyResponseSuccess(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                          Response serverResponse) {
        ProxyExchange exchange = exchange(clientRequest);
        if (exchange != null) {
            passiveHealth.succeeded(exchange.backend());
        }
        super.onProxyResponseSuccess(clientRequest, proxyResponse, serverResponse);
    }

    @Override
    protected void onProxyResponseFailure(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                          Response serverResponse, Throwable failure) {
        ProxyExchange exchange = exchange(clientRequest);
        if (exchange == null) {
            super.onProxyResponseFailure(clientRequest, proxyResponse, serverResponse, failure);
            return;
        }
        Blame blame = Blame.of(failure, exchange.clientFailure(), exchange.readingClient(), exchange.responseBegun());
        if (blame == Blame.CLIENT) {
            // A client that stalled while its body was awaited has its 408 from the backend's deadline.
            Throwable clientFailure = exchange.clientFailure();
            sendProxyResponseError(clientRequest, proxyResponse,
                    clientRequestStatus(clientFailure != null ? clientFailure : failure));
            return;
        }
        Backend backend = exchange.backend();
        if (blame == Blame.BACKEND) {
            passiveHealth.failed(backend);
        }
        String malformed = MalformedResponse.reason(failure, exchange.responseBegun());
        if (malformed != null) {
            clientRequest.setAttribute(AccessLog.REASON_ATTRIBUTE, malformed);
        }
        long heldBack = malformed == null ? -1 : malformedLog.tryLog();
        if (heldBack >= 0) {
            log.warn("backend {} sent a malformed response to {} {}: {}{}", backend.name(), clientRequest.getMethod(),
                    ClientTarget.path(clientRequest), malformed, heldBack == 0 ? "" : " (" + heldBack
                            + " more malformed responses since the last such line)");
        }
        String tls = FailureDescription.tls(failure);
        if (tls != null) {
            long tlsHeldBack = tlsLog.tryLog();
            if (tlsHeldBack >= 0) {
                log.warn("backend {}: {}{}", backend.name(), tls, tlsHeldBack == 0 ? ""
                        : " (" + tlsHeldBack + " more TLS failures since the last such line)");
            }
        }
        if (!proxyResponse.isCommitted() && retryPolicy.canRetry(clientRequest.getMethod(), failure, exchange)
                && retry(clientRequest, proxyResponse, exchange, failure)) {
            return;
        }
        if (tls != null) {
            clientRequest.setAttribute(AccessLog.REASON_ATTRIBUTE, tls);
        }
        // Once part of the response is with the client, all that is left is to cut the connection (Jetty does so
        // for a committed response), so the client sees a truncated response instead of a complete-looking one.
        sendProxyResponseError(clientRequest, proxyResponse, proxyResponseStatus(failure));
    }

    private boolean retry(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, ProxyExchange exchange,
                          Throwable failure) {
        Backend failed = exchange.backend();
        if (exchange.attempts().count() > settings.retries().maxRetries()) {
            return false;
        }
        Backend next = selector.select(pool.routingTable(), exchange.attempts());
        if (next == null) {
            return false;
        }
        if (!retryBudget.tryRetry()) {
            log.debug("retry budget spent: {} {} fails after backend {} failed: {}", clientRequest.getMethod(),
                    ClientTarget.path(clientRequest), failed.name(), failure.toString());
            return false;
        }
        exchange.attempt(next);
        clientRequest.setAttribute(BACKEND_ATTRIBUTE, next.name());
        log.debug("retrying {} {} on backend {} after {} failed: {}", clientRequest.getMethod(),
                ClientTarget.path(clientRequest), next.name(), failed.name(), failure.toString());
        Request proxyRequest = newProxyRequest(clientRequest, target(next, clientRequest));
        copyRequestHeaders(clientRequest, proxyRequest);
        addProxyHeaders(clientRequest, proxyRequest);
        if (exchange.hasBody()) {
            try {
                proxyRequest.body(proxyRequestContent(clientRequest, proxyResponse, proxyRequest));
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        sendProxyRequest(clientRequest, proxyResponse, proxyRequest);
        return true;
    }

    /**
     * Fulcrum's own error response in place of the servlet container's page: a short body in the client's preferred
     * form with the headers every such response carries ({@link ErrorResponse#headers}), and {@code Retry-After} on
     * 503.
     */
    @Override
    protected void sendProxyResponseError(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                          int status) {
        if (proxyResponse.isCommitted()) {
            super.sendProxyResponseError(clientRequest, proxyResponse, status);
            return;
        }
        try {
            String requestId = RequestIds.of(clientRequest);
            ErrorResponse error = ErrorResponse.of(status, requestId, clientRequest.getHeader("Accept"));
            proxyResponse.reset();
            proxyResponse.setStatus(status);
            error.headers(settings.serverHeader(), proxyResponse::setHeader);
            if (status == HttpStatus.SERVICE_UNAVAILABLE_503) {
                proxyResponse.setHeader("Retry-After", Long.toString(settings.retryAfterSeconds()));
            }
            proxyResponse.getOutputStream().write(error.body());
        } catch (IOException | IllegalStateException e) {
            log.debug("could not write {} to the client", status, e);
        } finally {
            if (clientRequest.isAsyncStarted()) {
                clientRequest.getAsyncContext().complete();
            }
        }
    }

    private static ProxyExchange exchange(HttpServletRequest clientRequest) {
        return (ProxyExchange) clientRequest.getAttribute(ProxyExchange.ATTRIBUTE);
    }
}
