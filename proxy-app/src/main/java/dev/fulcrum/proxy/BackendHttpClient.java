package dev.fulcrum.proxy;

import java.net.URI;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.Request;

/**
 * The proxy's client to the backends: Jetty's {@link HttpClient} making {@link BackendRequest}s, whose deadlines
 * distinguish the wait for the response head from the pauses inside its body.
 */
final class BackendHttpClient extends HttpClient {

    private final ProxySettings settings;

    BackendHttpClient(HttpClientTransport transport, ProxySettings settings) {
        super(transport);
        this.settings = settings;
    }

    @Override
    public Request newRequest(URI uri) {
        return new BackendRequest(this, uri, settings.backendTimeout().toMillis(), settings.idleTimeout().toMillis());
    }
}
