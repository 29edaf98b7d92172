package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.testing.LogCapture;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Requests queued for a backend's connections, when a new connection to it cannot be opened. */
class QueuedRequestsTest {

    @RegisterExtension
    final ProxyUnderTest proxy = new ProxyUnderTest();

    @Test
    void aConnectThatTimesOutWhileAConnectionWorksFailsNoQueuedRequest() throws Exception {
        OneConnectionBackend backend = proxy.started(new OneConnectionBackend());
        proxy.start(TestProxy.SETTINGS.withTimeouts(Duration.ofMillis(200), Duration.ofSeconds(10),
                Duration.ofSeconds(10)), backend.port());
        assertThat(proxy.send(HttpRequest.newBuilder(proxy.uri("/first"))).statusCode()).isEqualTo(200);
        backend.fillAcceptQueue();
        backend.hold();

        try (LogCapture log = new LogCapture(BackendDestination.class)) {
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                responses.add(proxy.client().sendAsync(HttpRequest.newBuilder(proxy.uri("/queued/" + i))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            // One request holds the open connection; the connects the pool tries for the other three time out,
            // which either leaves them queued (and says so) or fails them.
            await().atMost(Duration.ofSeconds(10)).until(() -> responses.stream().anyMatch(CompletableFuture::isDone)
                    || log.messages().stream().anyMatch(line -> line.contains("a new connection failed")));
            backend.release();

            for (CompletableFuture<HttpResponse<String>> response : responses) {
                assertThat(response.get().statusCode()).isEqualTo(200);
                assertThat(response.get().body()).isEqualTo("ok\n");
            }
            assertThat(log.messages()).anyMatch(line -> line.contains("while 1 others are open"));
        }
        assertThat(backend.answered()).isEqualTo(5);
        assertThat(proxy.strikes()).isEmpty();
    }
}
