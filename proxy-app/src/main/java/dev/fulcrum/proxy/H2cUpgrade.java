package dev.fulcrum.proxy;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MetaData;
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
 */
final class H2cUpgrade extends HTTP2CServerConnectionFactory {

    H2cUpgrade(HttpConfiguration configuration) {
        super(configuration);
    }

    @Override
    public Connection upgradeConnection(Connector connector, EndPoint endPoint, MetaData.Request request,
                                        HttpFields.Mutable response101) {
        if (request.getHttpFields().contains(HttpHeader.TRANSFER_ENCODING)) {
            return null;
        }
        return super.upgradeConnection(connector, endPoint, request, response101);
    }
}
