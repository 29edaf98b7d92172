package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.proxy.connection.ClientLimits;
import dev.fulcrum.proxy.connection.HeadTimeoutSweeper;
import dev.fulcrum.testing.LogCapture;
import dev.fulcrum.testing.RawHttp;
import dev.fulcrum.testing.Resources;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that send their request head slowly, or never finish it: each gets 408 after the header timeout and loses
 * its connection, however it trickles, while a well-behaved client is served as fast as without them.
 */
class SlowClientsTest {

    @RegisterExtension
    final Resources running = new Resources();

    private static final Pattern SWEEP_LINE = Pattern.compile("answered 408 to (\\d+) client");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
    private final LogCapture accessLog = running.add(LogCapture.accessLog());
    private final LogCapture sweeperLog = running.add(new LogCapture(HeadTimeoutSweeper.class));
    private DemoBackend backend;
    private TestProxy proxy;

    @BeforeEach
    void recordLogsAndStartBackend() throws Exception {
        backend = new DemoBackend("127.0.0.1", 0, "b1");
        backend.start();
        running.add(backend);
        running.add(trickler::shutdownNow);
    }

    @Test
    void unfinishedHeadGets408AfterTheHeaderTimeoutAndTheConnectionCloses() throws Exception {
        startProxy(limits(Duration.ofMillis(500), Duration.ofSeconds(60)), true);

        try (Socket socket = RawHttp.connect(proxy.port())) {
            RawHttp.send(socket, "GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n");

            RawHttp.Reply reply = RawHttp.read(socket, true);

            assertThat(reply.status()).isEqualTo(408);
            assertThat(reply.body()).isEqualTo("408 Request Timeout: request not received in time (request "
                    + reply.header("X-Request-Id") + ")\n");
            assertThat(reply.header("Server")).isNull();
            assertThat(reply.closed()).as("connection closed after the 408").isTrue();
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> accessLog.messages().stream().anyMatch(line -> line.contains("/slow -> - 408 ")));
        // The header timeout's sweeper answered it, not the idle timeout (a minute) or anything else.
        await().atMost(Duration.ofSeconds(2)).until(() -> sweptClients() == 1);
        assertThat(sweeperLog.messages()).singleElement().asString()
                .contains("answered 408 to 1 client(s) whose request head took longer than 500 ms");
    }

    @Test
    void clientTricklingItsHeadGets408ThoughItIsNeverIdle() throws Exception {
        // Idle timeout shorter than the header timeout: a byte every 50ms keeps the connection from ever being idle.
        startProxy(limits(Duration.ofMillis(800), Duration.ofMillis(400)), false);

        try (Socket socket = RawHttp.connect(proxy.port())) {
            RawHttp.send(socket, "GET /trickle HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ");
            trickler.scheduleAtFixedRate(() -> {
                try {
                    RawHttp.send(socket, "a");
                } catch (Exception e) {
                    throw new IllegalStateException(e); // the server closed: stop trickling
                }
            }, 50, 50, TimeUnit.MILLISECONDS);

            RawHttp.Reply reply = RawHttp.read(socket, true);

            assertThat(reply.status()).isEqualTo(408);
            assertThat(reply.closed()).isTrue();
        }
        // The header timeout ended it: the sweeper counts the client whose head never completed.
        await().atMost(Duration.ofSeconds(2)).until(() -> sweptClients() == 1);
    }

    @Test
    void headArrivingInPiecesWithinTheTimeoutIsServed() throws Exception {
        // The rest comes after a pause longer than one sweep period (a fifth of the timeout) and well inside the timeout.
        startProxy(limits(Duration.ofSeconds(2), Duration.ofSeconds(60)), false);

        try (Socket socket = RawHttp.connect(proxy.port())) {
            RawHttp.send(socket, "GET / HTTP/1.1\r\nHost: 12");
            trickler.schedule(() -> {
                RawHttp.send(socket, "7.0.0.1\r\n\r\n");
                return null;
            }, 500, TimeUnit.MILLISECONDS);

            RawHttp.Reply reply = RawHttp.read(socket, false);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).startsWith("Hello from backend b1");
        }
        assertThat(sweptClients()).isZero();
    }

    @Test
    void keepAliveConnectionQuietBetweenRequestsIsNotTimedOutByTheHeaderTimeout() throws Exception {
        startProxy(limits(Duration.ofMillis(300), Duration.ofSeconds(60)), false);

        try (Socket socket = RawHttp.connect(proxy.port())) {
            RawHttp.send(socket, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(RawHttp.read(socket, false).status()).isEqualTo(200);

            // Three header timeouts of silence between requests: nothing may arrive, the connection stays usable.
            await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(2))
                    .until(() -> socket.getInputStream().available() == 0);

            RawHttp.send(socket, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(RawHttp.read(socket, false).status()).isEqualTo(200);
        }
        assertThat(sweptClients()).isZero();
    }

    /**
     * A thousand slow clients hold no thread and no buffer (Jetty parks each connection in the selector and keeps only
     * the parser's partial state), so a well-behaved client is served while they are pending and while they expire.
     * How fast it is served is the benchmark's to measure, not this test's.
     */
    @Test
    void thousandSlowClientsDoNotStopAWellBehavedClient() throws Exception {
        // Long enough that all thousand heads are still pending while the well-behaved client is served, even when
        // a loaded machine takes a few seconds to accept them all.
        Duration headerTimeout = Duration.ofSeconds(5);
        startProxy(limits(headerTimeout, Duration.ofSeconds(60)), false);
        for (int i = 0; i < 50; i++) {
            assertThat(get().statusCode()).isEqualTo(200);
        }

        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                Socket socket = RawHttp.connect(proxy.port());
                slow.add(socket);
                RawHttp.send(socket, "GET /slow/" + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slo");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> proxy.clientConnections() >= 1001);
            for (int i = 0; i < 31; i++) {
                assertThat(get().statusCode()).as("a well-behaved request while the slow heads are pending")
                        .isEqualTo(200);
            }

            // Now let them time out, while a well-behaved client keeps asking every 10 ms.
            ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
            ScheduledFuture<?> wellBehaved = trickler.scheduleWithFixedDelay(() -> statuses.add(get().statusCode()),
                    0, 10, TimeUnit.MILLISECONDS);
            for (Socket socket : slow) {
                RawHttp.Reply reply = RawHttp.read(socket, true);
                assertThat(reply.status()).isEqualTo(408);
                assertThat(reply.closed()).isTrue();
            }
            wellBehaved.cancel(false);

            assertThat(statuses).as("well-behaved requests served while the slow ones expired")
                    .hasSizeGreaterThan(5).containsOnly(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> sweptClients() == 1000);
            assertThat(sweeperLog.messages()).as("one log line per sweep, not per client").hasSizeLessThanOrEqualTo(5)
                    .allMatch(line -> line.contains(" whose request head took longer than 5000 ms "));
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    private HttpResponse<String> get() {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int sweptClients() {
        int total = 0;
        for (String line : sweeperLog.messages()) {
            Matcher m = SWEEP_LINE.matcher(line);
            if (m.find()) {
                total += Integer.parseInt(m.group(1));
            }
        }
        return total;
    }

    private static ClientLimits limits(Duration headerTimeout, Duration idleTimeout) {
        return new ClientLimits(16 * 1024, 8 * 1024, -1, headerTimeout, idleTimeout, 10_000);
    }

    private void startProxy(ClientLimits limits, boolean accessLog) throws Exception {
        proxy = running.add(TestProxy.start(ProxySettings.DEFAULTS.withLimits(limits).withAccessLog(accessLog),
                backend.port()));
    }
}
