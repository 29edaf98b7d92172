package dev.fulcrum.proxy;

import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.Destination;

/**
 * A backend's HTTP/1.1 connections, each carrying one exchange at a time, kept in a {@link LifoPool}: the connection
 * released last serves the next request, found without walking the others.
 */
final class BackendConnectionPool extends AbstractConnectionPool {

    BackendConnectionPool(Destination destination, int maxConnections) {
        super(destination, () -> new LifoPool<>(maxConnections), 1);
    }
}
