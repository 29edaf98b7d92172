package dev.fulcrum.proxy;

import dev.fulcrum.health.FailureDescription;
import dev.fulcrum.health.PassiveHealthCheck;
import dev.fulcrum.http.IoResources;
import dev.fulcrum.logging.LogThrottle;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.pool.Balancer;
import dev.fulcrum.pool.Route;
import dev.fulcrum.pool.TrafficMeter;
import dev.fulcrum.proxy.connection.ClientTarget;
import dev.fulcrum.proxy.tunnel.Tunnels;
import dev.fulcrum.time.TimeSource;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's {@link AsyncProxyServlet} with the backend chosen per request from the {@link BackendPool}'s routing table,
 * as thin as Jetty's own proxies: each override is one step of the exchange, and each decision is a small policy
 * class of its own: {@link BackendChoice} picks the backend in {@link #rewriteTarget}, {@link ForwardedHeaders} says
 * what the backend is told about the client, {@link HeaderFilter} which headers pass, {@link StickyCookie} when the
 * sticky cookie is set, {@link Blame} whose fault a failure is, {@link RetryPolicy} and the {@link RetryBudget} whether
 * it is tried again elsewhere, and {@link ErrorResponse} what the client reads when Fulcrum answers itself. The
 * exchange's own state, and the count of requests in flight that follows it, move only through the transitions of
 * {@link ProxyExchange}. A WebSocket handshake is proxied as any request, and becomes a tunnel when the backend agrees
 * ({@link WebSocketUpgrade}).
 *
 * <p>Nothing here blocks, so the whole exchange runs on selector threads (the server context and the backend client
 * are both declared non-blocking, see {@link ProxyServer}): the client's body is read through a
 * {@link ReplayableBody} as the backend takes it, and the response written through a {@link ResponseWriter} as the
 * backend sends it. Request threads only read the pool's immutable table; they never lock or touch the database.
 *
 * <p>A request is retried at most {@code --retries} times, each time on a backend it has not tried, and only before
 * the client saw anything and while its body is still held whole.
 */
public class BalancingProxyServlet extends AsyncProxyServlet {

    /** The name of the backend that served (or last failed) the request, for the access log. */
    public static final String BACKEND_ATTRIBUTE = "dev.fulcrum.backend";

    private static final Logger log = LoggerFactory.getLogger(BalancingProxyServlet.class);

    private final BackendPool pool;
    private final BackendChoice choice;
    private final RetryPolicy retryPolicy;
    private final RetryBudget retryBudget;
    private final PassiveHealthCheck passiveHealth;
    private final ProxySettings settings;
    private final HeaderFilter requestHeaders = new HeaderFilter(HOP_HEADERS, false);
    private final HeaderFilter responseHeaders;
    private final LogThrottle malformedLog;
    private final LogThrottle tlsLog;
    private final LogThrottle connectLog;
    private final IoResources io;
    private final WebSocketUpgrade webSockets;
    private final AccessLog accessLog;

    /**
     * @param tunnels where WebSocket tunnels are kept while open
     * @param accessLog where a tunnel's line goes when it ends, or null without an access log
     */
    public BalancingProxyServlet(BackendPool pool, Balancer balancer, RetryBudget retryBudget,
                                 PassiveHealthCheck passiveHealth, ProxySettings settings, TimeSource time,
                                 IoResources io, Tunnels tunnels, AccessLog accessLog) {
        this.pool = pool;
        this.choice = new BackendChoice(balancer);
        this.retryPolicy = new RetryPolicy(settings.retries().idempotentWrites());
        this.retryBudget = retryBudget;
        this.passiveHealth = passiveHealth;
        this.settings = settings;
        this.responseHeaders = new HeaderFilter(HOP_HEADERS, settings.serverHeader() != null);
        this.malformedLog = new LogThrottle(Duration.ofSeconds(10), time);
        this.tlsLog = new LogThrottle(Duration.ofSeconds(10), time);
        this.connectLog = new LogThrottle(Duration.ofSeconds(10), time);
        this.io = io;
        this.webSockets = new WebSocketUpgrade(tunnels, settings.webSocketIdleTimeout(), responseHeaders);
        this.accessLog = accessLog;
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
        HttpClientTransportDynamic transport = BackendDestination.transport(clientConnector, connectLog);
        // Backend responses are handled where they are read, on the client's selector: nothing in the exchange blocks.
        transport.setInvocationType(InvocationType.NON_BLOCKING);
        HttpClient client = new BackendHttpClient(transport, settings);
        // The server's own timer and buffers: a buffer the client releases serves the server's next write.
        client.setScheduler(io.scheduler());
        client.setByteBufferPool(io.buffers());
        client.setConnectTimeout(settings.connectTimeout().toMillis());
        // Heap buffers, so that a chunk of a backend's body reaches onResponseContent as the array it was read into,
        // instead of being copied into a new one.
        client.setUseInputDirectByteBuffers(false);
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
        client.getProtocolHandlers().put(new WebSocketUpgrade.Handler());
        return client;
    }

    /**
     * Whether the client's request has a body to pass on. HTTP/1.1 says so in its head; an HTTP/2 request without
     * {@code Content-Length} only by whether its stream ended with its headers ({@link PeekedBody}). Decided once, when
     * the exchange begins.
     */
    @Override
    protected boolean hasContent(HttpServletRequest clientRequest) {
        ProxyExchange exchange = exchange(clientRequest);
        if (exchange != null) {
            return exchange.hasBody();
        }
        if (super.hasContent(clientRequest)) {
            return true;
        }
        if (clientRequest.getContentLengthLong() == 0 || clientRequest.getProtocol().startsWith("HTTP/1.")) {
            return false;
        }
        return PeekedBody.hasBody(ServletContextRequest.getServletContextRequest(clientRequest));
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
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(clientRequest);
        ProxyExchange exchange = new ProxyExchange(hasBody, ExpectContinue.handling(
                clientRequest.getHeader(HttpHeader.EXPECT.asString()), hasBody, clientRequest.getProtocol()),
                WebSocketUpgrade.requested(request.getMethod(), clientRequest.getProtocol(), request.getHeaders()));
        clientRequest.setAttribute(ProxyExchange.ATTRIBUTE, exchange);
        retryBudget.recordRequest();
        Route route = choice.next(pool.routingTable(), clientRequest, exchange);
        if (route == null) {
            return null;
        }
        exchange.attempt(route);
        clientRequest.setAttribute(BACKEND_ATTRIBUTE, route.backend().name());
        return target(route.backend(), clientRequest);
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

    /**
     * The backend's request, made from the parts {@link #target} joined rather than by parsing the joined string again:
     * the backend's base URL (its URI parsed once) and the client's path and query as Jetty's request holds them.
     */
    @Override
    protected Request newProxyRequest(HttpServletRequest clientRequest, String rewrittenTarget) {
        if (!(getHttpClient() instanceof BackendHttpClient client)) {
            return super.newProxyRequest(clientRequest, rewrittenTarget);
        }
        String base = exchange(clientRequest).backend().baseUrl();
        return client.newRequest(base, ClientTarget.path(clientRequest), ClientTarget.query(clientRequest))
                .method(clientRequest.getMethod())
                .attribute(CLIENT_REQUEST_ATTRIBUTE, clientRequest);
    }

    /** The client's header fields that are not hop-by-hop, handed on as parsed ({@link HeaderFilter}). */
    @Override
    protected void copyRequestHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        HttpFields fields = ServletContextRequest.getServletContextRequest(clientRequest).getHeaders();
        Set<String> named = HeaderFilter.connectionNamed(fields);
        proxyRequest.headers(headers -> {
            headers.clear();
            for (HttpField field : fields) {
                if (requestHeaders.passes(field, named)) {
                    headers.add(field);
                }
            }
        });
    }

    /** The {@code X-Forwarded-*} headers and the request id, by the trust rules of {@link ForwardedHeaders}. */
    @Override
    protected void addProxyHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(clientRequest);
        String remote = clientRequest.getRemoteAddr();
        boolean trusted = settings.trustedProxies().contains(remote);
        String forwardedFor = trusted ? joined(request.getHeaders().getValuesList(ForwardedHeaders.FORWARDED_FOR))
                : null;
        String scheme = clientRequest.getScheme();
        String host = request.getHeaders().get(HttpHeader.HOST);
        String requestId = RequestIds.of(request);
        proxyRequest.headers(headers -> ForwardedHeaders.apply(headers, remote, trusted, forwardedFor, scheme, host,
                requestId));
    }

    private static String joined(List<String> values) {
        return values.isEmpty() ? null : String.join(", ", values);
    }

    /**
     * The client's body for this attempt: the first attempt opens the {@link ReplayableBody}, later ones replay it.
     */
    @Override
    protected Request.Content proxyRequestContent(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                                  Request proxyRequest) {
        ProxyExchange exchange = exchange(clientRequest);
        ReplayableBody body = exchange.body();
        if (body == null) {
            Content.Source client = ServletContextRequest.getServletContextRequest(clientRequest);
            if (clientRequest.getAttribute(PeekedBody.ATTRIBUTE) instanceof Content.Chunk first) {
                clientRequest.removeAttribute(PeekedBody.ATTRIBUTE);
                client = new PeekedBody(first, client);
            }
            body = new ReplayableBody(client, clientRequest.getContentLengthLong(), settings.retries().replayBuffer(),
                    exchange);
            exchange.bodyFrom(body);
        }
        return body.attempt(((BackendRequest) proxyRequest)::requestActivity);
    }

    @Override
    protected void sendProxyRequest(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                    Request proxyRequest) {
        ProxyExchange exchange = exchange(clientRequest);
        if (exchange.writer() == null) {
            // Set while the request is still being dispatched, so the first piece of the response wakes no thread.
            writeWith(clientRequest, proxyResponse, exchange);
        }
        if (exchange.webSocket()) {
            WebSocketUpgrade.forward(proxyRequest, ServletContextRequest.getServletContextRequest(clientRequest)
                    .getHeaders(), (backendResponse, backend, callback) -> onWebSocketAccepted(clientRequest,
                    proxyResponse, backendResponse, backend, callback));
        }
        ExpectContinue.Handling expectation = exchange.expectation();
        if (expectation == ExpectContinue.Handling.FORWARDED) {
            ExpectContinue.arm(proxyRequest, getHttpClient());
        } else if (expectation == ExpectContinue.Handling.IGNORED) {
            proxyRequest.headers(headers -> headers.remove(HttpHeader.EXPECT));
        }
        super.sendProxyRequest(clientRequest, proxyResponse, proxyRequest);
    }

    /**
     * The backend answered a WebSocket handshake with {@code 101}: the client gets it, and the two connections become
     * a tunnel, which ends the exchange, and logs it, when it ends. Runs on the backend client's thread.
     */
    private void onWebSocketAccepted(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                     Response backendResponse, EndPoint backend, Callback callback) {
        ProxyExchange exchange = exchange(clientRequest);
        exchange.responseBegan();
        passiveHealth.succeeded(exchange.backend());
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(clientRequest);
        AccessLog.Tunnelled line = accessLog == null ? null
                : AccessLog.tunnelled(request, exchange.backend().name());
        try {
            webSockets.accept(clientRequest, proxyResponse, backendResponse, backend, tunnel -> {
                exchange.ended();
                if (line != null) {
                    accessLog.tunnelEnded(line, tunnel);
                }
            });
        } catch (RuntimeException failure) {
            backend.close(failure);
            callback.failed(failure);
            return;
        }
        exchange.tunnelled();
        clientRequest.getAsyncContext().complete();
        callback.succeeded();
    }

    private ResponseWriter writeWith(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                     ProxyExchange exchange) {
        try {
            ResponseWriter writer = new ResponseWriter(proxyResponse.getOutputStream(), exchange::clientFailed);
            exchange.writeWith(writer);
            proxyResponse.getOutputStream().setWriteListener(writer);
            return writer;
        } catch (IOException e) {
            throw new IllegalStateException("the client's output cannot be opened", e);
        }
    }

    @Override
    protected void onProxyRewriteFailed(HttpServletRequest clientRequest, HttpServletResponse proxyResponse) {
        AsyncContext async = clientRequest.startAsync();
        async.setTimeout(0);
        writeWith(clientRequest, proxyResponse, exchange(clientRequest));
        sendProxyResponseError(clientRequest, proxyResponse, HttpStatus.SERVICE_UNAVAILABLE_503);
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
     * Passes each piece of the backend's body on as it comes. A streamed body (chunked or until close: events,
     * progress) is flushed piece by piece; a body with a Content-Length is left to the response buffer, which Jetty
     * sends when it fills or the body is complete: that costs a download nothing, and a backend that cuts such a
     * response short while it is all still buffered can be answered with a clean 502.
     */
    @Override
    protected void onResponseContent(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                     Response serverResponse, byte[] buffer, int offset, int length,
                                     Callback callback) {
        boolean streamed = serverResponse.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) < 0;
        BackendRequest backendRequest = (BackendRequest) serverResponse.getRequest();
        // A slow client holds the next backend read back; the pause is the client's, so the backend's idle deadline
        // counts from when the piece was passed on, not from when it arrived.
        exchange(clientRequest).writer().write(buffer, offset, length, streamed, Callback.from(() -> {
            backendRequest.responseActivity();
            callback.succeeded();
        }, callback::failed));
    }

    /** The backend's headers that are not hop-by-hop, handed on as parsed, by the rules of {@link HeaderFilter}. */
    @Override
    protected void onServerResponseHeaders(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                           Response serverResponse) {
        responseHeaders.copyPassing(serverResponse.getHeaders(),
                ServletContextResponse.getServletContextResponse(proxyResponse).getHeaders());
        StickyCookie.set(clientRequest, proxyResponse, exchange(clientRequest));
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
        Blame blame = Blame.of(failure, exchange.clientFailure(), exchange.awaitingClient(), exchange.responseBegun());
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
        countFailure(exchange.route().load().meter(), failure);
        String malformed = MalformedResponse.reason(failure, exchange.responseBegun());
        if (malformed != null) {
            clientRequest.setAttribute(AccessLog.REASON_ATTRIBUTE, malformed);
        }
        long heldBack = malformed == null ? -1 : malformedLog.tryLog();
        if (heldBack >= 0) {
            log.warn("backend {} sent a malformed response to {} {}: {}{}", backend.name(), clientRequest.getMethod(),
                    ClientTarget.path(clientRequest), malformed, LogThrottle.heldBack(heldBack, "malformed responses"));
        }
        String tls = FailureDescription.tls(failure);
        if (tls != null) {
            long tlsHeldBack = tlsLog.tryLog();
            if (tlsHeldBack >= 0) {
                log.warn("backend {}: {}{}", backend.name(), tls, LogThrottle.heldBack(tlsHeldBack, "TLS failures"));
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

    /** A backend's failure, counted on its meter: a connection that could not be made, or no answer in time. */
    private static void countFailure(TrafficMeter meter, Throwable failure) {
        if (RetryPolicy.isConnectFailure(failure)) {
            meter.connectFailed();
        } else if (RetryPolicy.isBackendTimeout(failure)) {
            meter.timedOut();
        }
    }

    private boolean retry(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, ProxyExchange exchange,
                          Throwable failure) {
        Backend failed = exchange.backend();
        if (exchange.attempts().count() > settings.retries().maxRetries()) {
            return false;
        }
        Route next = choice.next(pool.routingTable(), clientRequest, exchange);
        if (next == null) {
            return false;
        }
        if (!retryBudget.tryRetry()) {
            log.debug("retry budget spent: {} {} fails after backend {} failed: {}", clientRequest.getMethod(),
                    ClientTarget.path(clientRequest), failed.name(), failure.toString());
            return false;
        }
        exchange.route().load().meter().retried();
        exchange.attempt(next);
        clientRequest.setAttribute(BACKEND_ATTRIBUTE, next.backend().name());
        log.debug("retrying {} {} on backend {} after {} failed: {}", clientRequest.getMethod(),
                ClientTarget.path(clientRequest), next.backend().name(), failed.name(), failure.toString());
        Request proxyRequest = newProxyRequest(clientRequest, target(next.backend(), clientRequest));
        copyRequestHeaders(clientRequest, proxyRequest);
        addProxyHeaders(clientRequest, proxyRequest);
        if (exchange.hasBody()) {
            proxyRequest.body(proxyRequestContent(clientRequest, proxyResponse, proxyRequest));
        }
        sendProxyRequest(clientRequest, proxyResponse, proxyRequest);
        return true;
    }

    /**
     * Fulcrum's own error response in place of the servlet container's page: a short body in the client's preferred
     * form with the headers every such response carries ({@link ErrorResponse#headers}), and {@code Retry-After} on
     * 503; written without blocking, and the exchange completed once the client has it.
     */
    @Override
    protected void sendProxyResponseError(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                          int status) {
        ProxyExchange exchange = exchange(clientRequest);
        ResponseWriter writer = exchange == null ? null : exchange.writer();
        if (proxyResponse.isCommitted() || writer == null) {
            super.sendProxyResponseError(clientRequest, proxyResponse, status);
            return;
        }
        AsyncContext async = clientRequest.getAsyncContext();
        byte[] body;
        try {
            String requestId = RequestIds.of(clientRequest);
            ErrorResponse error = ErrorResponse.of(status, requestId, clientRequest.getHeader("Accept"));
            proxyResponse.reset();
            proxyResponse.setStatus(status);
            error.headers(settings.serverHeader(), proxyResponse::setHeader);
            if (status == HttpStatus.SERVICE_UNAVAILABLE_503) {
                proxyResponse.setHeader("Retry-After", Long.toString(settings.retryAfterSeconds()));
            }
            body = error.body();
        } catch (IllegalStateException e) {
            log.debug("could not answer {} to the client", status, e);
            async.complete();
            return;
        }
        writer.write(body, 0, body.length, false, Callback.from(async::complete, failure -> {
            log.debug("could not write {} to the client", status, failure);
            async.complete();
        }));
    }

    private static ProxyExchange exchange(HttpServletRequest clientRequest) {
        return (ProxyExchange) clientRequest.getAttribute(ProxyExchange.ATTRIBUTE);
    }
}
