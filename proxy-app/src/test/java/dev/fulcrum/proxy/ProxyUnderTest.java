package dev.fulcrum.proxy;

import dev.fulcrum.testing.Resources;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestProxy} a test starts, the backends it started behind it, and a JDK client, all closed after each test
 * (the proxy first): {@code @RegisterExtension final ProxyUnderTest proxy = new ProxyUnderTest();}.
 */
final class ProxyUnderTest extends Resources {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private TestProxy proxy;

    TestProxy start(ProxySettings settings, int... backendPorts) throws Exception {
        proxy = TestProxy.start(settings, backendPorts);
        return proxy;
    }

    TestProxy start(ProxySettings settings, RetryBudget budget, int... backendPorts) throws Exception {
        proxy = TestProxy.start(settings, budget, backendPorts);
        return proxy;
    }

    /** Closed after the test. */
    <T extends AutoCloseable> T started(T backend) {
        return add(backend);
    }

    /** Stops the proxy now, draining what is in flight, instead of after the test. */
    void stop() throws Exception {
        TestProxy running = proxy;
        proxy = null;
        running.close();
    }

    HttpClient client() {
        return client;
    }

    URI uri(String pathAndQuery) {
        return proxy.uri(pathAndQuery);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    int port() {
        return proxy.port();
    }

    List<String> strikes() {
        return proxy.strikes();
    }

    RetryBudget budget() {
        return proxy.budget();
    }

    dev.fulcrum.pool.BackendPool pool() {
        return proxy.pool();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (proxy != null) {
                proxy.close();
            }
        } finally {
            super.afterEach(context);
        }
    }
}
