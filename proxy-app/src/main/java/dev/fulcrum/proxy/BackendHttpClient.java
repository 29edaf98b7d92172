package dev.fulcrum.proxy;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.Request;

/**
 * The proxy's client to the backends: Jetty's {@link HttpClient} making {@link BackendRequest}s, whose deadlines
 * distinguish the wait for the response head from the pauses inside its body, and finding a backend's connection pool
 * without a lock.
 *
 * <p>Jetty resolves the destination (the per-origin connection pool) of every request with
 * {@code ConcurrentHashMap.compute}, which locks the map bin of that origin, and then checks the destination's
 * staleness under a second lock. A balancer sends every request to one of a handful of origins, so all request
 * threads meet on a few locks; profiled under load on one core, a preempted holder made the others wait up to 100 ms.
 * Destinations only go stale when a destination idle timeout is set, which this client never does, so the first one
 * resolved for an origin is kept in a plain concurrent map and found again with a lock-free read.
 */
final class BackendHttpClient extends HttpClient {

    private final ProxySettings settings;
    private final ConcurrentHashMap<Origin, Destination> destinations = new ConcurrentHashMap<>();

    BackendHttpClient(HttpClientTransport transport, ProxySettings settings) {
        super(transport);
        this.settings = settings;
    }

    @Override
    public Request newRequest(URI uri) {
        return new BackendRequest(this, uri, settings.backendTimeout().toMillis(), settings.idleTimeout().toMillis());
    }

    @Override
    public Destination resolveDestination(Origin origin) {
        Destination known = destinations.get(origin);
        if (known != null) {
            return known;
        }
        Destination resolved = super.resolveDestination(origin);
        if (getDestinationIdleTimeout() <= 0) {
            destinations.putIfAbsent(origin, resolved);
        }
        return resolved;
    }
}
