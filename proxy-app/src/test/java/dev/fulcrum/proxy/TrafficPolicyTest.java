package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.pool.Algorithm;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendHealth;
import dev.fulcrum.pool.BalancerSettings;
import dev.fulcrum.pool.HashKeys;
import dev.fulcrum.pool.HashOn;
import dev.fulcrum.pool.HashSelector;
import dev.fulcrum.pool.HealthState;
import dev.fulcrum.server.TestServers;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The traffic policy through a real proxy and real backends: weights, least requests under a slow backend, hashing on
 * each kind of key, the sticky cookie, retries with every algorithm, and requests in flight.
 */
class TrafficPolicyTest {

    private static final Pattern STICKY = Pattern.compile("srv=([0-9a-f]{16}); Path=/; HttpOnly; SameSite=Lax");

    @RegisterExtension
    final ProxyUnderTest proxy = new ProxyUnderTest();

    /** Counting backends b1, b2, ... behind a started proxy routed by {@code settings}. */
    private List<CountingBackend> backends(int count, BalancerSettings settings) throws Exception {
        List<CountingBackend> backends = new ArrayList<>();
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            backends.add(proxy.started(new CountingBackend("b" + (i + 1))));
            ports[i] = backends.get(i).port();
        }
        proxy.start(TestProxy.SETTINGS, ports);
        proxy.pool().configure(settings);
        return backends;
    }

    private void weights(int... weights) {
        List<Backend> weighted = new ArrayList<>();
        List<Backend> current = proxy.pool().backends();
        for (int i = 0; i < current.size(); i++) {
            weighted.add(current.get(i).withWeight(weights[i]));
        }
        proxy.pool().replaceAll(weighted);
    }

    private static BalancerSettings settings(Algorithm algorithm, String hashOn, String stickyCookie) {
        return new BalancerSettings(algorithm, hashOn == null ? null : HashOn.parse(hashOn), stickyCookie, null);
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(proxy.uri(path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return proxy.send(request);
    }

    /** The name of the backend that answered. */
    private String servedBy(String path, String... headers) throws Exception {
        HttpResponse<String> response = get(path, headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().split(" ")[0];
    }

    /** The {@code i}th of many requests a test sends at once. */
    interface Request {
        void send(int i) throws Exception;
    }

    /** Sends {@code requests} requests from {@code clients} threads at once, and waits for them all. */
    private static void onClients(int clients, int requests, Request request) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Object>> sent = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int n = i;
                sent.add(threads.submit(() -> {
                    request.send(n);
                    return null;
                }));
            }
            for (Future<Object> one : sent) {
                one.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Where {@link HashSelector} sends {@code key} in the proxy's current table. */
    private String predicted(long key) {
        return new HashSelector().select(proxy.pool().routingTable(), key, null).backend().name();
    }

    @Test
    void weightsOneTwoThreeShareSixHundredRequestsBySixths() throws Exception {
        backends(3, BalancerSettings.DEFAULTS);
        weights(1, 2, 3);
        Map<String, Integer> served = new ConcurrentHashMap<>();
        onClients(10, 600, i -> served.merge(servedBy("/"), 1, Integer::sum));
        assertThat(served.get("b1")).isBetween(95, 105);
        assertThat(served.get("b2")).isBetween(190, 210);
        assertThat(served.get("b3")).isBetween(285, 315);
    }

    @Test
    void weightsFiveOneOneGoInNginxsSmoothOrder() throws Exception {
        backends(3, BalancerSettings.DEFAULTS);
        weights(5, 1, 1);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            order.add(servedBy("/"));
        }
        assertThat(order).containsExactly("b1", "b1", "b2", "b1", "b3", "b1", "b1");
    }

    @Test
    void leastRequestsSendsASlowBackendClearlyFewerRequestsUnderConcurrentLoad() throws Exception {
        CountingBackend fast1 = proxy.started(new CountingBackend("fast1"));
        CountingBackend fast2 = proxy.started(new CountingBackend("fast2"));
        SlowBackend slow = proxy.started(new SlowBackend(Duration.ofMillis(300)));
        proxy.start(TestProxy.SETTINGS, fast1.port(), slow.port(), fast2.port());
        proxy.pool().configure(settings(Algorithm.LEAST_REQUESTS, null, null));

        onClients(20, 300, i -> assertThat(get("/").statusCode()).isEqualTo(200));
        int slowServed = slow.requestsReceived();
        assertThat(fast1.requests("GET") + fast2.requests("GET") + slowServed).isEqualTo(300);
        assertThat(slowServed * 3).as("slow %d, fast %d and %d", slowServed, fast1.requests("GET"),
                fast2.requests("GET")).isLessThan(Math.min(fast1.requests("GET"), fast2.requests("GET")));
    }

    @Test
    void hashOnAHeaderSendsEachKeyToOneBackendAndRequestsWithoutItRoundRobin() throws Exception {
        backends(4, settings(Algorithm.HASH, "header:X-User", null));
        Set<String> used = ConcurrentHashMap.newKeySet();
        onClients(10, 40, user -> {
            String first = servedBy("/", "X-User", "user-" + user);
            assertThat(first).isEqualTo(predicted(HashKeys.of("user-" + user)));
            for (int again = 0; again < 3; again++) {
                assertThat(servedBy("/other", "X-User", "user-" + user)).isEqualTo(first);
            }
            used.add(first);
        });
        assertThat(used).hasSize(4);

        Set<String> withoutKey = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            withoutKey.add(servedBy("/"));
        }
        assertThat(withoutKey).containsExactlyInAnyOrder("b1", "b2", "b3", "b4");
    }

    @Test
    void hashOnTheCookieTakesItsValueOnly() throws Exception {
        backends(4, settings(Algorithm.HASH, "cookie:session", null));
        for (int user = 0; user < 20; user++) {
            String session = "s" + user;
            assertThat(servedBy("/", "Cookie", "theme=dark; session=" + session + "; lang=en"))
                    .isEqualTo(predicted(HashKeys.of(session)));
            assertThat(servedBy("/", "Cookie", "session=" + session)).isEqualTo(predicted(HashKeys.of(session)));
        }
    }

    @Test
    void hashOnThePathHashesItExactlyAsSentNeverDecoded() throws Exception {
        backends(4, settings(Algorithm.HASH, "path", null));
        int differing = 0;
        for (int i = 0; i < 20; i++) {
            String encoded = "/files/" + i + "%2Fx";
            String decoded = "/files/" + i + "/x";
            assertThat(servedBy(encoded + "?v=" + i)).isEqualTo(predicted(HashKeys.of(encoded)));
            assertThat(servedBy(decoded)).isEqualTo(predicted(HashKeys.of(decoded)));
            if (!predicted(HashKeys.of(encoded)).equals(predicted(HashKeys.of(decoded)))) {
                differing++;
            }
        }
        assertThat(differing).as("encoded and decoded paths are different keys").isPositive();
    }

    @Test
    void hashOnTheClientAddressSendsOneClientToOneBackend() throws Exception {
        backends(4, settings(Algorithm.HASH, "client-ip", null));
        String expected = predicted(HashKeys.of(InetAddress.getLoopbackAddress().hashCode()));
        for (int i = 0; i < 10; i++) {
            assertThat(servedBy("/", "X-Forwarded-For", "10.0.0." + i)).isEqualTo(expected);
        }
    }

    @Test
    void theStickyCookieIsSetOnceHonouredAndRewrittenWhenItsBackendGoesDown() throws Exception {
        backends(3, settings(Algorithm.ROUND_ROBIN, null, "srv"));

        HttpResponse<String> first = get("/");
        String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        // 16 hex digits, which name no address (a backend's name or port is only in them by chance).
        var matched = STICKY.matcher(setCookie);
        assertThat(matched.matches()).as(setCookie).isTrue();
        String backend = first.body().split(" ")[0];

        String cookie = "srv=" + matched.group(1);
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> again = get("/", "Cookie", "other=1; " + cookie);
            assertThat(again.body()).startsWith(backend + " ");
            assertThat(again.headers().allValues("Set-Cookie")).isEmpty();
        }

        Backend stuck = proxy.pool().backends().stream().filter(b -> b.name().equals(backend)).findFirst()
                .orElseThrow();
        proxy.pool().reportHealth(stuck, new BackendHealth(HealthState.DOWN, null, -1, "refused"));
        HttpResponse<String> moved = get("/", "Cookie", cookie);
        String movedTo = moved.body().split(" ")[0];
        assertThat(movedTo).isNotEqualTo(backend);
        var rewritten = STICKY.matcher(moved.headers().firstValue("Set-Cookie").orElseThrow());
        assertThat(rewritten.matches()).isTrue();
        assertThat(rewritten.group(1)).isNotEqualTo(matched.group(1));
        for (int i = 0; i < 5; i++) {
            assertThat(servedBy("/", "Cookie", "srv=" + rewritten.group(1))).isEqualTo(movedTo);
        }
    }

    @Test
    void aStickyClientMovesOffADrainingBackend() throws Exception {
        backends(2, settings(Algorithm.ROUND_ROBIN, null, "srv"));
        HttpResponse<String> first = get("/");
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String backend = first.body().split(" ")[0];

        Backend stuck = proxy.pool().backends().stream().filter(b -> b.name().equals(backend)).findFirst()
                .orElseThrow();
        proxy.pool().put(stuck.withDraining(true));
        for (int i = 0; i < 4; i++) {
            assertThat(servedBy("/", "Cookie", cookie)).isNotEqualTo(backend);
        }
    }

    @Test
    void withoutAStickyCookieNoCookieIsSet() throws Exception {
        backends(2, BalancerSettings.DEFAULTS);
        for (int i = 0; i < 4; i++) {
            assertThat(get("/").headers().allValues("Set-Cookie")).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"round-robin", "least-requests", "hash"})
    void retriesGoAroundADeadBackendWithEveryAlgorithm(String algorithm) throws Exception {
        CountingBackend a = proxy.started(new CountingBackend("b1"));
        CountingBackend b = proxy.started(new CountingBackend("b3"));
        proxy.start(TestProxy.SETTINGS, a.port(), TestServers.closedPort(), b.port());
        Algorithm chosen = Algorithm.parse(algorithm);
        proxy.pool().configure(settings(chosen, chosen == Algorithm.HASH ? "header:X-User" : null, null));

        for (int i = 0; i < 40; i++) {
            assertThat(get("/", "X-User", "user-" + i).statusCode()).isEqualTo(200);
        }
        assertThat(a.requests("GET") + b.requests("GET")).isEqualTo(40);
        assertThat(proxy.strikes()).isNotEmpty().containsOnly("b2");
        await().until(() -> proxy.pool().backends().stream()
                .allMatch(backend -> proxy.pool().load(backend.id()).inFlight() == 0));
    }

    @Test
    void requestsInFlightRiseAndFallAndTheLastMinuteCountsThem() throws Exception {
        SlowBackend slow = proxy.started(new SlowBackend(Duration.ofMillis(1500)));
        proxy.start(TestProxy.SETTINGS, slow.port());
        long id = proxy.pool().backends().get(0).id();

        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pending.add(proxy.client().sendAsync(HttpRequest.newBuilder(proxy.uri("/")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        await().until(() -> proxy.pool().load(id).inFlight() == 5);
        for (var response : pending) {
            assertThat(response.get().statusCode()).isEqualTo(200);
        }
        await().until(() -> proxy.pool().load(id).inFlight() == 0);
        assertThat(proxy.pool().load(id).lastMinute()).isEqualTo(5);
    }

    @Test
    void aRequestTheClientAbandonsEndsItsCount() throws Exception {
        SlowBackend slow = proxy.started(new SlowBackend(Duration.ofSeconds(2)));
        proxy.start(TestProxy.SETTINGS, slow.port());
        long id = proxy.pool().backends().get(0).id();

        try (java.net.Socket client = new java.net.Socket("127.0.0.1", proxy.port())) {
            client.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\n\r\n").getBytes());
            await().until(() -> proxy.pool().load(id).inFlight() == 1);
        }
        await().until(() -> proxy.pool().load(id).inFlight() == 0);
    }
}
