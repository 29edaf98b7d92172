package dev.fulcrum.proxy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * What the tests that send requests through a {@link TestProxy} share: the backends a test started, the proxy in front
 * of them and a JDK client, all closed after each test.
 */
abstract class ProxyRequestTest {

    private final List<AutoCloseable> running = new ArrayList<>();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The proxy under test; a test that closes it early sets this to null. */
    TestProxy proxy;

    @AfterEach
    void stopProxyAndBackends() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        for (AutoCloseable c : running) {
            c.close();
        }
    }

    TestProxy start(ProxySettings settings, int... backendPorts) throws Exception {
        proxy = TestProxy.start(settings, backendPorts);
        return proxy;
    }

    /** Closed after the test. */
    <T extends AutoCloseable> T started(T backend) {
        running.add(backend);
        return backend;
    }

    URI uri(String pathAndQuery) {
        return proxy.uri(pathAndQuery);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
