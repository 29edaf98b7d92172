package dev.fulcrum.proxy;

import dev.fulcrum.proxy.tunnel.Tunnel;
import dev.fulcrum.proxy.tunnel.Tunnels;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.jetty.client.HttpUpgrader;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.UpgradeProtocolHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.TunnelSupport;
import org.eclipse.jetty.util.Callback;

/**
 * A client's WebSocket opening handshake (RFC 6455 4), sent to the chosen backend like any other request (the same
 * choice, retries while no backend has answered, error bodies when none can), with the {@code Upgrade} and
 * {@code Connection} headers that are hop-by-hop on every other request. A backend that refuses (any answer but
 * {@code 101}) has its answer passed on as a response. A backend that agrees gets its {@code 101} passed to the client,
 * and then the two connections are joined in a {@link Tunnel} that relays bytes both ways without reading them, so the
 * proxy needs no WebSocket framing of its own. The exchange counts as in flight for its backend until the tunnel
 * ends, and is logged then.
 *
 * <p>Jetty's client hands the backend's connection over on a {@code 101} through the {@link HttpUpgrader} found on the
 * request ({@link #forward}), and its {@link Handler} takes the {@code 101} of such a request only; the client's
 * connection is handed over by Jetty's server once the {@code 101} is written, through
 * {@link HttpStream#UPGRADE_CONNECTION_ATTRIBUTE}.
 */
final class WebSocketUpgrade {

    private final Tunnels tunnels;
    private final Duration idleTimeout;
    private final HeaderFilter responseHeaders;

    WebSocketUpgrade(Tunnels tunnels, Duration idleTimeout, HeaderFilter responseHeaders) {
        this.tunnels = tunnels;
        this.idleTimeout = idleTimeout;
        this.responseHeaders = responseHeaders;
    }

    /**
     * Whether a request asks to become a WebSocket: an HTTP/1.1 {@code GET} whose {@code Upgrade} names
     * {@code websocket} and whose {@code Connection} names {@code upgrade} (RFC 6455 4.1, tokens in any case). Over
     * HTTP/2 a WebSocket would need extended CONNECT (RFC 8441), which the proxy does not offer.
     */
    static boolean requested(String method, String protocol, HttpFields headers) {
        return "GET".equals(method) && "HTTP/1.1".equals(protocol)
                && headers.contains(HttpHeader.UPGRADE, "websocket")
                && headers.contains(HttpHeader.CONNECTION, HttpHeaderValue.UPGRADE.asString());
    }

    /**
     * Makes {@code proxyRequest} an upgrade: the client's {@code Upgrade}, {@code Connection: Upgrade}, and the
     * upgrader Jetty's client calls when the backend answers {@code 101}.
     *
     * @param onUpgrade told the backend's {@code 101} and its connection, with the callback that ends the exchange
     */
    static void forward(Request proxyRequest, HttpFields clientHeaders, Upgraded onUpgrade) {
        HttpField upgrade = clientHeaders.getField(HttpHeader.UPGRADE);
        proxyRequest.headers(headers -> headers.put(upgrade).put(HttpHeader.CONNECTION, HttpHeaderValue.UPGRADE));
        HttpUpgrader upgrader = new HttpUpgrader() {
            @Override
            public void prepare(Request request) {
            }

            @Override
            public void upgrade(Response response, EndPoint backend, Callback callback) {
                onUpgrade.upgraded(response, backend, callback);
            }
        };
        proxyRequest.attribute(HttpUpgrader.Factory.class.getName(), (HttpUpgrader.Factory) version -> upgrader);
    }

    /** What the proxy servlet does on a backend's {@code 101}. */
    interface Upgraded {
        void upgraded(Response backendResponse, EndPoint backend, Callback callback);
    }

    /**
     * Answers the client with the backend's {@code 101}: its {@code Upgrade}, {@code Connection: Upgrade} and the
     * end-to-end fields it sent ({@code Sec-WebSocket-Accept}, {@code -Protocol}, {@code -Extensions}, cookies), and
     * opens the tunnel, whose client side Jetty puts on the client's connection once the {@code 101} is written. When
     * that write fails, or the connection is not handed over, the tunnel ends at once.
     *
     * @param onEnd told once, when the tunnel has ended
     */
    Tunnel accept(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, Response backendResponse,
                  EndPoint backend, Consumer<Tunnel> onEnd) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(clientRequest);
        TunnelSupport tunnelSupport = request.getTunnelSupport();
        if (tunnelSupport == null) {
            throw new IllegalStateException("the client's connection cannot be tunnelled");
        }
        proxyResponse.setStatus(HttpStatus.SWITCHING_PROTOCOLS_101);
        HttpFields fields = backendResponse.getHeaders();
        HttpFields.Mutable toClient = ServletContextResponse.getServletContextResponse(proxyResponse).getHeaders();
        responseHeaders.copyPassing(fields, toClient);
        HttpField upgrade = fields.getField(HttpHeader.UPGRADE);
        toClient.put(upgrade != null ? upgrade : request.getHeaders().getField(HttpHeader.UPGRADE));
        toClient.put(HttpHeader.CONNECTION, HttpHeaderValue.UPGRADE);

        Connector connector = request.getConnectionMetaData().getConnector();
        Tunnel tunnel = tunnels.open(tunnelSupport.getEndPoint(), backend, connector.getExecutor(),
                connector.getByteBufferPool(), idleTimeout, onEnd);
        tunnel.upgradeBackend();
        request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, tunnel.clientSide());
        request.addHttpStreamWrapper(stream -> new HttpStream.Wrapper(stream) {
            @Override
            public void succeeded() {
                super.succeeded();
                if (!tunnel.clientUpgraded()) {
                    tunnel.notUpgraded();
                }
            }

            @Override
            public void failed(Throwable failure) {
                super.failed(failure);
                tunnel.notUpgraded();
            }
        });
        return tunnel;
    }

    /**
     * Jetty's handler of {@code 101} answers, for the requests {@link #forward} made upgrades only: any other request
     * was sent without {@code Upgrade}, so a {@code 101} to it is the backend's error, handled as a response.
     */
    static final class Handler extends UpgradeProtocolHandler {

        @Override
        public boolean accept(Request request, Response response) {
            return request.getAttributes().get(HttpUpgrader.Factory.class.getName()) != null
                    && super.accept(request, response);
        }
    }
}
