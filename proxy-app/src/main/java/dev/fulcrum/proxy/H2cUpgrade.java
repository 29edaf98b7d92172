package dev.fulcrum.proxy;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.SessionContainer;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;

/**
 * h2c on the plain port, taking {@code Upgrade: h2c} only on a request without a body. A body must be read whole in
 * HTTP/1.1 before the connection turns into HTTP/2 (RFC 7540 3.2), which Jetty does for none: it already declines a
 * request with a {@code Content-Length}, and this declines a chunked one too. A declined upgrade is no error: the
 * request is answered in HTTP/1.1, as a server that does not know h2c answers it (the JDK's client asks for h2c on
 * its first request, whatever its body).
 *
 * <p>An upgraded connection is told it is open only after it has begun serving the upgrade request (stream 1), and a
 * proxied answer can reach the client, and the client close the connection, in between: Jetty then removes the
 * session from its container when the connection closes, before adding it when it opens, and the graceful stop
 * would wait the whole drain time for a session that is long gone. Such a session is removed again as it opens.
 */
final class H2cUpgrade extends HTTP2CServerConnectionFactory {

    private final Connection.Listener closedBeforeOpened = new Connection.Listener() {
        @Override
        public void onOpened(Connection connection) {
            if (!connection.getEndPoint().isOpen()) {
                getBean(SessionContainer.class).onClosed(connection);
            }
        }
    };

    H2cUpgrade(HttpConfiguration configuration) {
        super(configuration);
    }

    @Override
    public Connection upgradeConnection(Connector connector, EndPoint endPoint, MetaData.Request request,
                                        HttpFields.Mutable response101) {
        if (request.getHttpFields().contains(HttpHeader.TRANSFER_ENCODING)) {
            return null;
        }
        Connection upgraded = super.upgradeConnection(connector, endPoint, request, response101);
        if (upgraded != null) {
            upgraded.addEventListener(closedBeforeOpened);
        }
        return upgraded;
    }
}
