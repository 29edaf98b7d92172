package dev.fulcrum.server;

import static dev.fulcrum.server.TestServers.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.HealthState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The original balancer's workflow, end to end: round-robin, fail-over with no failed request, and recovery. */
class BalancerTest {

    private final List<DemoBackend> backends = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private FulcrumServer server;

    @BeforeEach
    void startBackends() throws Exception {
        for (String name : List.of("one", "two", "three")) {
            DemoBackend backend = new DemoBackend("127.0.0.1", 0, name);
            backend.start();
            backends.add(backend);
        }
        server = TestServers.startInMemory(null, backends.stream().map(b -> local(b.port())).toList());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.pool().backends().stream()
                .allMatch(b -> server.pool().health(b.id()).state() == HealthState.UP));
    }

    @AfterEach
    void stopAll() throws Exception {
        server.close();
        for (DemoBackend backend : backends) {
            backend.close();
        }
    }

    @Test
    void sixRequestsGoRoundRobinOverThreeBackends() throws Exception {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = get("/");
            assertThat(response.statusCode()).isEqualTo(200);
            answers.add(response.body());
        }
        assertThat(answers.subList(0, 3)).doesNotHaveDuplicates();
        assertThat(answers.subList(3, 6)).isEqualTo(answers.subList(0, 3));
        assertThat(answers).allMatch(a -> a.startsWith("Hello from backend "));
    }

    @Test
    void threeHundredConcurrentRequestsAllSucceedAndSpreadEvenly() {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            pending.add(client.sendAsync(request("/"), HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> responses = pending.stream().map(CompletableFuture::join).toList();

        assertThat(responses).allMatch(r -> r.statusCode() == 200);
        Map<String, Long> perBackend = responses.stream()
                .collect(Collectors.groupingBy(HttpResponse::body, Collectors.counting()));
        assertThat(perBackend).hasSize(3);
        assertThat(perBackend.values()).containsOnly(100L);
    }

    @Test
    void stoppedBackendCostsNoRequestAndComesBackAfterRestart() throws Exception {
        DemoBackend two = backends.get(1);
        int port = two.port();
        Backend twoInPool = server.pool().backends().stream()
                .filter(b -> b.url().getPort() == port).findFirst().orElseThrow();

        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
        Thread traffic = new Thread(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (running.get() && System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> r = get("/");
                    if (r.statusCode() != 200) {
                        failures.add(r.statusCode() + " " + r.body());
                    } else {
                        served.computeIfAbsent(r.body(), k -> new AtomicInteger()).incrementAndGet();
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        });
        traffic.start();
        try {
            await().until(() -> served.size() == 3);
            two.close();
            backends.set(1, two);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.pool().health(twoInPool.id()).state() == HealthState.DOWN);
            String twoAnswer = "Hello from backend two (127.0.0.1:" + port + ")\n";
            int servedByTwoWhenDown = count(served, twoAnswer);
            // Once DOWN it is out of the routing table: the others carry on, two gets nothing more.
            int othersBefore = count(served, otherThan(twoAnswer, served));
            await().untilAsserted(() -> assertThat(count(served, otherThan(twoAnswer, served)))
                    .as("served %s, failures %s", served, failures).isGreaterThan(othersBefore + 50));
            assertThat(count(served, twoAnswer)).isEqualTo(servedByTwoWhenDown);

            DemoBackend restarted = new DemoBackend("127.0.0.1", port, "two");
            restarted.start();
            backends.set(1, restarted);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.pool().health(twoInPool.id()).state() == HealthState.UP);
            await().atMost(Duration.ofSeconds(5)).until(() -> count(served, twoAnswer) > servedByTwoWhenDown);
        } finally {
            running.set(false);
            traffic.join();
        }
        assertThat(failures).isEmpty();
    }

    private static String otherThan(String answer, Map<String, AtomicInteger> served) {
        return served.keySet().stream().filter(k -> !k.equals(answer)).findFirst().orElseThrow();
    }

    private static int count(Map<String, AtomicInteger> served, String answer) {
        AtomicInteger n = served.get(answer);
        return n == null ? 0 : n.get();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.proxyPort() + path))
                .timeout(Duration.ofSeconds(10)).build();
    }
}
