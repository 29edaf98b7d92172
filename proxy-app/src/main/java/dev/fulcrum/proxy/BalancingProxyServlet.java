package dev.fulcrum.proxy;

import dev.fulcrum.health.PassiveHealthCheck;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.pool.BackendSelector;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's {@link ProxyServlet} with the backend chosen per request from the {@link BackendPool}'s routing table.
 *
 * <p>The first attempt goes through the template method {@link #rewriteTarget}; when it fails before the client saw
 * anything and the {@link RetryPolicy} allows it, the request is sent again to the next backend the request has not
 * tried, until it succeeds or no untried routable backend is left. Request threads only read the pool's immutable
 * table; they never lock or touch the database.
 *
 * <p>Fulcrum writes its own short error bodies so that clients never see a framework error page or a stack trace.
 */
public class BalancingProxyServlet extends ProxyServlet {

    /** The name of the backend that served (or last failed) the request, for the access log. */
    public static final String BACKEND_ATTRIBUTE = "dev.fulcrum.backend";

    private static final Logger log = LoggerFactory.getLogger(BalancingProxyServlet.class);

    private final BackendPool pool;
    private final BackendSelector selector;
    private final RetryPolicy retryPolicy;
    private final PassiveHealthCheck passiveHealth;
    private final ProxySettings settings;

    public BalancingProxyServlet(BackendPool pool, BackendSelector selector, RetryPolicy retryPolicy,
                                 PassiveHealthCheck passiveHealth, ProxySettings settings) {
        this.pool = pool;
        this.selector = selector;
        this.retryPolicy = retryPolicy;
        this.passiveHealth = passiveHealth;
        this.settings = settings;
    }

    @Override
    protected HttpClient createHttpClient() throws ServletException {
        HttpClient client = super.createHttpClient();
        client.setConnectTimeout(settings.connectTimeout().toMillis());
        return client;
    }

    @Override
    protected String rewriteTarget(HttpServletRequest clientRequest) {
        ProxyExchange exchange = (ProxyExchange) clientRequest.getAttribute(ProxyExchange.ATTRIBUTE);
        if (exchange == null) {
            exchange = new ProxyExchange(hasContent(clientRequest));
            clientRequest.setAttribute(ProxyExchange.ATTRIBUTE, exchange);
        }
        Backend backend = selector.select(pool.routingTable(), exchange.attempts);
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
    protected void onProxyRewriteFailed(HttpServletRequest clientRequest, HttpServletResponse proxyResponse) {
        proxyResponse.setHeader("Retry-After", Long.toString(settings.retryAfterSeconds()));
        writeError(proxyResponse, HttpStatus.SERVICE_UNAVAILABLE_503, "no backend available");
    }

    @Override
    protected Request newProxyRequest(HttpServletRequest clientRequest, String rewrittenTarget) {
        // No overall deadline, so a long download may stream for as long as bytes keep coming; an idle deadline
        // instead catches a backend that is silent before its first byte or between two body bytes.
        return super.newProxyRequest(clientRequest, rewrittenTarget)
                .timeout(0, TimeUnit.MILLISECONDS)
                .idleTimeout(settings.backendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void addProxyHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        // The client's own X-Forwarded-* values are replaced, not appended to: a client must not be able to pose
        // as another address to the backend.
        String host = clientRequest.getHeader("Host");
        proxyRequest.headers(headers -> {
            headers.put("X-Forwarded-For", clientRequest.getRemoteAddr());
            headers.put("X-Forwarded-Proto", clientRequest.getScheme());
            if (host != null) {
                headers.put("X-Forwarded-Host", host);
            } else {
                headers.remove("X-Forwarded-Host");
            }
        });
    }

    @Override
    protected Request.Content proxyRequestContent(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                                  Request proxyRequest) throws IOException {
        ProxyExchange exchange = (ProxyExchange) clientRequest.getAttribute(ProxyExchange.ATTRIBUTE);
        return new ProxyInputStreamRequestContent(clientRequest, proxyResponse, proxyRequest,
                clientRequest.getInputStream()) {
            @Override
            public Content.Chunk read() {
                Content.Chunk chunk = super.read();
                if (chunk != null && chunk.hasRemaining()) {
                    exchange.bodyStarted = true;
                }
                return chunk;
            }
        };
    }

    @Override
    protected Response.Listener newProxyResponseListener(HttpServletRequest clientRequest,
                                                         HttpServletResponse proxyResponse) {
        ProxyExchange exchange = (ProxyExchange) clientRequest.getAttribute(ProxyExchange.ATTRIBUTE);
        return new ProxyResponseListener(clientRequest, proxyResponse) {
            @Override
            public void onBegin(Response serverResponse) {
                exchange.responseBegun = true;
                super.onBegin(serverResponse);
            }
        };
    }

    @Override
    protected void onProxyResponseSuccess(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                          Response serverResponse) {
        ProxyExchange exchange = (ProxyExchange) clientRequest.getAttribute(ProxyExchange.ATTRIBUTE);
        if (exchange != null) {
            passiveHealth.succeeded(exchange.backend);
        }
        super.onProxyResponseSuccess(clientRequest, proxyResponse, serverResponse);
    }

    @Override
    protected void onProxyResponseFailure(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                          Response serverResponse, Throwable failure) {
        ProxyExchange exchange = (ProxyExchange) clientRequest.getAttribute(ProxyExchange.ATTRIBUTE);
        if (exchange != null && !exchange.responseBegun
                && (RetryPolicy.isConnectFailure(failure) || RetryPolicy.isBackendTimeout(failure))) {
            passiveHealth.failed(exchange.backend);
        }
        if (exchange != null && !proxyResponse.isCommitted()
                && retryPolicy.canRetry(clientRequest.getMethod(), failure, exchange)
                && retry(clientRequest, proxyResponse, exchange, failure)) {
            return;
        }
        if (proxyResponse.isCommitted()) {
            // Part of the response is already with the client: all that is left is to cut the connection, so the
            // client sees a truncated response instead of a complete-looking wrong one.
            super.onProxyResponseFailure(clientRequest, proxyResponse, serverResponse, failure);
            return;
        }
        int status = proxyResponseStatus(failure);
        writeError(proxyResponse, status, status == HttpStatus.GATEWAY_TIMEOUT_504
                ? "backend did not answer in time" : "no backend could serve the request");
        clientRequest.getAsyncContext().complete();
    }

    private boolean retry(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, ProxyExchange exchange,
                          Throwable failure) {
        Backend failed = exchange.backend;
        String target = rewriteTarget(clientRequest);
        if (target == null) {
            return false;
        }
        log.debug("retrying {} {} on backend {} after {} failed: {}", clientRequest.getMethod(),
                clientRequest.getRequestURI(), exchange.backend.name(), failed.name(), failure.toString());
        Request proxyRequest = newProxyRequest(clientRequest, target);
        copyRequestHeaders(clientRequest, proxyRequest);
        addProxyHeaders(clientRequest, proxyRequest);
        if (exchange.hasBody) {
            try {
                proxyRequest.body(proxyRequestContent(clientRequest, proxyResponse, proxyRequest));
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        sendProxyRequest(clientRequest, proxyResponse, proxyRequest);
        return true;
    }

    private static void writeError(HttpServletResponse response, int status, String message) {
        try {
            response.resetBuffer();
            response.setStatus(status);
            response.setContentType("text/plain;charset=utf-8");
            byte[] body = (status + " " + HttpStatus.getMessage(status) + ": " + message + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        } catch (IOException | IllegalStateException e) {
            log.debug("could not write {} to the client", status, e);
        }
    }
}
