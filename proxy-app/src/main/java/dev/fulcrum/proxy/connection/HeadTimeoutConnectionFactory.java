package dev.fulcrum.proxy.connection;

import dev.fulcrum.time.TimeSource;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;

/**
 * Jetty's HTTP/1.1 connection factory, making {@link HeadTimeoutConnection}s so that a {@link HeadTimeoutSweeper}
 * can tell how long each connection's request head has been arriving, and requests are parsed by Fulcrum's
 * {@link RequestParser}.
 */
public final class HeadTimeoutConnectionFactory extends HttpConnectionFactory {

    private final long maxBodySize;
    private final TimeSource time;

    /** @param maxBodySize the largest request body, or -1 for no limit */
    public HeadTimeoutConnectionFactory(HttpConfiguration config, long maxBodySize, TimeSource time) {
        super(config);
        this.maxBodySize = maxBodySize;
        this.time = time;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        HeadTimeoutConnection connection = new HeadTimeoutConnection(getHttpConfiguration(), connector, endPoint,
                maxBodySize, time);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }
}
