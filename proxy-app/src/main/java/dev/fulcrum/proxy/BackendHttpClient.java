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
 * distinguish the wait for the response head from the pauses inside its body, built from parts already parsed, and
 * finding a backend's connection pool without a lock.
 *
 * <p>Jetty's {@code newRequest(String)} parses the target into a {@link URI}, splits and decodes its query into
 * parameters nothing reads, and then resolves the destination by building an {@link Origin} from the request's
 * scheme, host and port. A backend's origin never changes, so its URI and its destination are found here by its base
 * URL, and the client's path and query are handed on as the strings Jetty's server already holds.
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
    private final ConcurrentHashMap<String, URI> origins = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Destination> backendDestinations = new ConcurrentHashMap<>();

    BackendHttpClient(HttpClientTransport transport, ProxySettings settings) {
        super(transport);
        this.settings = settings;
    }

    @Override
    public Request newRequest(URI uri) {
        return new BackendRequest(this, uri, settings.backendTimeout().toMillis(), settings.idleTimeout().toMillis());
    }

    /** A request to {@code baseUrl} (scheme, host and port) for {@code path} and {@code query}, neither re-parsed. */
    Request newRequest(String baseUrl, String path, String query) {
        URI origin = origins.get(baseUrl);
        if (origin == null) {
            origin = URI.create(baseUrl);
            origins.putIfAbsent(baseUrl, origin);
        }
        return new BackendRequest(this, origin, baseUrl, path, query, settings.backendTimeout().toMillis(),
                settings.idleTimeout().toMillis());
    }

    @Override
    public Destination resolveDestination(Request request) {
        if (!(request instanceof BackendRequest backendRequest) || backendRequest.baseUrl() == null) {
            return super.resolveDestination(request);
        }
        Destination known = backendDestinations.get(backendRequest.baseUrl());
        return known != null ? known
                : kept(backendDestinations, backendRequest.baseUrl(), super.resolveDestination(request));
    }

    @Override
    public Destination resolveDestination(Origin origin) {
        Destination known = destinations.get(origin);
        return known != null ? known : kept(destinations, origin, super.resolveDestination(origin));
    }

    /** Keeps a newly resolved destination under {@code key}, unless destinations expire, and returns it. */
    private <K> Destination kept(ConcurrentHashMap<K, Destination> cache, K key, Destination resolved) {
        if (getDestinationIdleTimeout() <= 0) {
            cache.putIfAbsent(key, resolved);
        }
        return resolved;
    }
}
