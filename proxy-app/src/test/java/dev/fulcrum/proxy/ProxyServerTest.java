package dev.fulcrum.proxy;

import static dev.fulcrum.server.TestServers.closedPort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.demo.DemoBackend;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The data path alone: a pool set by the test, no health checker, so that retries, timeouts and the empty pool are
 * exercised exactly as a request meets them before any probe has noticed.
 */
class ProxyServerTest {

    @RegisterExtension
    final ProxyUnderTest proxy = new ProxyUnderTest();

    @Test
    void connectionRefusedIsRetriedOnTheNextBackendSoNoRequestFails() throws Exception {
        DemoBackend live = demo("live");
        proxy.start(TestProxy.settings(Duration.ofSeconds(5)), closedPort(), live.port(), closedPort());

        for (int i = 0; i < 9; i++) {
            HttpResponse<String> get = proxy.send(HttpRequest.newBuilder(proxy.uri("/")).GET());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).startsWith("Hello from backend live");
        }
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> post = proxy.send(HttpRequest.newBuilder(proxy.uri("/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("payload " + i)));
            assertThat(post.statusCode()).isEqualTo(200);
            assertThat(post.body()).isEqualTo("payload " + i);
        }
    }

    @Test
    void everyBackendRefusingGives502AfterTryingEachOnce() throws Exception {
        proxy.start(TestProxy.settings(Duration.ofSeconds(5)), closedPort(), closedPort());

        HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/")).GET());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("502 Bad Gateway: no backend could serve the request (request "
                + response.headers().firstValue("X-Request-Id").orElseThrow() + ")\n");
        assertThat(response.headers().firstValue("Server")).isEmpty();
    }

    @Test
    void emptyPoolAnswers503WithRetryAfter() throws Exception {
        proxy.start(TestProxy.settings(Duration.ofSeconds(5)));

        HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/")).GET());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.body()).isEqualTo("503 Service Unavailable: no backend available (request "
                + response.headers().firstValue("X-Request-Id").orElseThrow() + ")\n");
    }

    @Test
    void backendThatNeverAnswersGives504AfterTheBackendTimeout() throws Exception {
        SilentBackend silent = proxy.started(new SilentBackend());
        SlowBackend inTime = proxy.started(new SlowBackend(Duration.ofMillis(200)));
        ProxySettings settings = TestProxy.settings(Duration.ofSeconds(2));
        proxy.start(settings, silent.port());
        TestProxy control = proxy.started(TestProxy.start(settings, inTime.port()));

        HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/")).GET());

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).isEqualTo("504 Gateway Timeout: backend did not answer in time (request "
                + response.headers().firstValue("X-Request-Id").orElseThrow() + ")\n");
        // The timeout is the backend's, not a premature one: a backend answering well inside it is served.
        HttpResponse<String> answered = proxy.client().send(HttpRequest.newBuilder(control.uri("/"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).isEqualTo("slow\n");
    }

    @Test
    void tenMegabytePostArrivesIntact() throws Exception {
        DemoBackend echo = demo("echo");
        proxy.start(TestProxy.settings(Duration.ofSeconds(5)), echo.port());
        byte[] body = new byte[10 * 1024 * 1024];
        new Random(42).nextBytes(body);

        HttpResponse<InputStream> response = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/echo"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long length = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                length += n;
            }
        }
        assertThat(length).isEqualTo(body.length);
        assertThat(HexFormat.of().formatHex(digest.digest()))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
    }

    @Test
    void pathQueryAndHeadersPassAndForwardedHeadersAreSet() throws Exception {
        DemoBackend echo = demo("echo");
        proxy.start(TestProxy.settings(Duration.ofSeconds(5)), echo.port());

        HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/echo?a=1&b=x%20y&c=%2F"))
                .header("X-Custom", "kept")
                .header("X-Forwarded-For", "6.6.6.6")
                .GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .startsWith("GET /echo?a=1&b=x%20y&c=%2F HTTP/1.1\n")
                .contains("X-Custom: kept\n")
                .contains("X-Forwarded-For: 127.0.0.1\n")
                .contains("X-Forwarded-Proto: http\n")
                .contains("X-Forwarded-Host: 127.0.0.1:" + proxy.port() + "\n")
                .contains("Host: 127.0.0.1:" + proxy.port() + "\n")
                .doesNotContain("6.6.6.6");
    }

    @Test
    void inFlightRequestFinishesWhenTheProxyStops() throws Exception {
        SlowBackend slow = proxy.started(new SlowBackend(Duration.ofMillis(800)));
        proxy.start(TestProxy.settings(Duration.ofSeconds(5)), slow.port());

        // HTTP/1.1: the JDK 17 client fails its HTTP/2 streams on any GOAWAY (Http2Test stops under Jetty's client).
        HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<String>> inFlight =
                http1.sendAsync(HttpRequest.newBuilder(proxy.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
        org.awaitility.Awaitility.await().until(() -> slow.requestsReceived() == 1);
        proxy.stop();

        HttpResponse<String> response = inFlight.join();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("slow\n");
    }

    @Test
    void theBufferHttp2EncodesEachResponseHeadInIsReusedNotAllocatedPerResponse() {
        // Jetty's HPACK encoder takes a buffer of the largest allowed response head for every HEADERS frame; one the
        // pool did not keep was a new direct buffer per response, and direct memory running out forced full GCs.
        for (ProxySettings settings : new ProxySettings[] {ProxySettings.DEFAULTS,
                ProxySettings.DEFAULTS.withMaxResponseHeaderSize(1024 * 1024)}) {
            ByteBufferPool buffers = ProxyServer.newIoResources(settings).buffers();
            int head = ProxyServer.responseHeadRoom(settings);
            RetainableByteBuffer first = buffers.acquire(head, true);
            ByteBuffer used = first.getByteBuffer();
            first.release();
            RetainableByteBuffer next = buffers.acquire(head, true);
            assertThat(next.getByteBuffer()).isSameAs(used);
            next.release();
        }
    }

    private DemoBackend demo(String name) throws Exception {
        DemoBackend backend = new DemoBackend("127.0.0.1", 0, name);
        backend.start();
        return proxy.started(backend);
    }
}
