package dev.fulcrum.proxy;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;

/**
 * Jetty's HTTP/1.1 connection factory, making {@link HeadTimeoutConnection}s so that a {@link HeadTimeoutSweeper}
 * can tell how long each connection's request head has been arriving.
 */
final class HeadTimeoutConnectionFactory extends HttpConnectionFactory {

    HeadTimeoutConnectionFactory(HttpConfiguration config) {
        super(config);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        HeadTimeoutConnection connection = new HeadTimeoutConnection(getHttpConfiguration(), connector, endPoint);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }
}
