package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.proxy.connection.ClientLimits;
import dev.fulcrum.testing.RawHttp;
import dev.fulcrum.time.ManualTime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a client sees when backends hang, die or fail all at once: retries where replay is safe, 504 where it is not,
 * a budget that stops retries from multiplying the load, and deadlines that move with the bytes.
 */
class RetriesAndTimeoutsTest {

    @RegisterExtension
    final ProxyUnderTest proxy = new ProxyUnderTest();

    @Test
    void getsGoAroundABackendThatNeverAnswersWaitingForItAtMostOnce() throws Exception {
        CountingBackend a = counting("a");
        CountingBackend b = counting("b");
        SilentBackend hanging = proxy.started(new SilentBackend());
        proxy.start(TestProxy.settings(Duration.ofSeconds(1)), a.port(), hanging.port(), b.port());

        for (int i = 0; i < 6; i++) {
            int timeoutsBefore = proxy.strikes().size();
            long retriesBefore = proxy.budget().retries();

            HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/")).GET());

            assertThat(response.statusCode()).isEqualTo(200);
            // A request waits out the hanging backend at most once, then is retried once, on a backend that answers.
            int timeouts = proxy.strikes().size() - timeoutsBefore;
            assertThat(timeouts).as("backend timeouts request %d waited for", i).isBetween(0, 1);
            assertThat(proxy.budget().retries() - retriesBefore).as("retries of request %d", i).isEqualTo(timeouts);
        }
        assertThat(proxy.strikes()).isNotEmpty().containsOnly("b2");
        assertThat(hanging.connectionsAccepted()).isPositive();
        assertThat(a.requests("GET") + b.requests("GET")).isEqualTo(6);
    }

    @Test
    void aPostToABackendThatNeverAnswersGets504AndIsNotReplayed() throws Exception {
        CountingBackend live = counting("live");
        SilentBackend hanging = proxy.started(new SilentBackend());
        proxy.start(TestProxy.settings(Duration.ofMillis(700)), hanging.port(), live.port());

        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/orders"))
                    .POST(HttpRequest.BodyPublishers.ofString("order " + i)));
            statuses.merge(response.statusCode(), 1, Integer::sum);
        }

        assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(200, 2, 504, 2));
        assertThat(live.requests("POST")).isEqualTo(2);
    }

    @Test
    void putAfterATimeoutIsRetriedOnlyWhenIdempotentWritesAreAllowed() throws Exception {
        CountingBackend live = counting("live");
        SilentBackend hanging = proxy.started(new SilentBackend());
        ProxySettings settings = TestProxy.settings(Duration.ofMillis(500));
        proxy.start(settings.withRetries(new RetrySettings(2, 20, true)), hanging.port(), live.port());

        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/items/" + i))
                    .PUT(HttpRequest.BodyPublishers.noBody()));
            assertThat(response.statusCode()).isEqualTo(200);
        }
        assertThat(live.requests("PUT")).isEqualTo(4);
    }

    @Test
    void timeoutsAndConnectFailuresOnLiveTrafficFeedPassiveEjection() throws Exception {
        CountingBackend live = counting("live");
        SilentBackend hanging = proxy.started(new SilentBackend());
        proxy.start(TestProxy.settings(Duration.ofMillis(300)), hanging.port(), live.port());

        for (int i = 0; i < 4; i++) {
            assertThat(proxy.send(HttpRequest.newBuilder(proxy.uri("/")).GET()).statusCode()).isEqualTo(200);
        }

        assertThat(proxy.strikes()).isNotEmpty().containsOnly("b1");
    }

    @Test
    void aBackendKilledUnderAConcurrentStreamCostsNoClientRequest() throws Exception {
        CountingBackend a = counting("a");
        CountingBackend doomed = counting("doomed");
        CountingBackend c = counting("c");
        // As in the running balancer, connect failures eject the dead backend; until then every request that meets
        // it is retried within the budget.
        proxy.start(TestProxy.settings(Duration.ofSeconds(2)), a.port(), doomed.port(), c.port()).ejectingOnStrike();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger served = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> loops = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            loops.add(clients.submit(() -> {
                while (!stop.get()) {
                    try {
                        HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/")).GET());
                        if (response.statusCode() == 200) {
                            served.incrementAndGet();
                        } else {
                            failures.add(response.statusCode() + " " + response.body());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }
        await().until(() -> served.get() > 300);
        doomed.close();
        int atKill = served.get();
        await().until(() -> served.get() > atKill + 600);
        stop.set(true);
        for (Future<?> loop : loops) {
            loop.get();
        }
        clients.shutdown();

        assertThat(failures).isEmpty();
        assertThat(doomed.requests("GET")).isPositive();
        assertThat(proxy.strikes()).isNotEmpty().containsOnly("b2");
        assertThat(proxy.budget().refusedRetries()).isZero();
    }

    @Test
    void retriesStopAtTheBudgetWhenEveryBackendFails() throws Exception {
        ClosingBackend[] failing = {closing(), closing(), closing()};
        RetryBudget budget = new RetryBudget(20, new ManualTime());
        proxy.start(TestProxy.settings(Duration.ofSeconds(2)), budget, failing[0].port(), failing[1].port(),
                failing[2].port());

        for (int i = 0; i < 200; i++) {
            assertThat(proxy.send(HttpRequest.newBuilder(proxy.uri("/")).GET()).statusCode()).isEqualTo(502);
        }

        // 200 requests in one window: 20% of them plus the floor of 10 per second over the 10 s window.
        assertThat(budget.retries()).isEqualTo(200 * 20 / 100 + 10 * 10);
        assertThat(budget.refusedRetries()).isPositive();
        int attempts = failing[0].requestsReceived() + failing[1].requestsReceived()
                + failing[2].requestsReceived();
        assertThat(attempts).isEqualTo(200 + 140);
    }

    @Test
    void withoutTheBudgetEachRequestTriesEveryBackendOnceAtMostRetriesPlusOne() throws Exception {
        ClosingBackend[] failing = {closing(), closing(), closing(), closing()};
        proxy.start(TestProxy.settings(Duration.ofSeconds(2)).withRetries(new RetrySettings(2, 100, false)),
                failing[0].port(), failing[1].port(), failing[2].port(), failing[3].port());

        assertThat(proxy.send(HttpRequest.newBuilder(proxy.uri("/")).GET()).statusCode()).isEqualTo(502);

        int[] perBackend = new int[4];
        for (int i = 0; i < 4; i++) {
            perBackend[i] = failing[i].requestsReceived();
        }
        assertThat(perBackend).containsOnly(0, 1);
        assertThat(perBackend[0] + perBackend[1] + perBackend[2] + perBackend[3]).isEqualTo(3);
        assertThat(proxy.budget().retries()).isEqualTo(2);
    }

    @Test
    void aClientThatGoesAwayMidDownloadAbortsTheBackendExchange() throws Exception {
        StreamingBackend stream = proxy.started(new StreamingBackend(1_000, Duration.ofMillis(20)));
        proxy.start(TestProxy.settings(Duration.ofSeconds(2)), stream.port());

        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /download HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(new String(in.readNBytes(15), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK");
        }

        await().atMost(Duration.ofSeconds(5)).until(stream::connectionCut);
    }

    @Test
    void aClientThatGoesAwayMidUploadAbortsTheBackendExchange() throws Exception {
        RecordingBackend backend = proxy.started(new RecordingBackend());
        proxy.start(TestProxy.settings(Duration.ofSeconds(2)), backend.port());

        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[16 * 1024]);
            out.flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> backend.bytesReceived() > 16 * 1024);
            socket.setSoLinger(true, 0);
        }

        // The backend's read would wait 20 s for the rest; it ends at once because Fulcrum closed the connection.
        await().atMost(Duration.ofSeconds(5)).until(() -> backend.connectionsEnded() == 1);
        assertThat(backend.requests()).as("complete requests the backend received").isEmpty();
        assertThat(backend.connections()).isEqualTo(1);
    }

    @Test
    void aClientThatStallsItsUploadGets408AndNoBackendIsBlamed() throws Exception {
        RecordingBackend backend = proxy.started(new RecordingBackend());
        // The backend's first-byte deadline passes long before the client's idle timeout ends the wait for its body.
        proxy.start(TestProxy.settings(Duration.ofMillis(300)).withLimits(new ClientLimits(16 * 1024, 8 * 1024, -1,
                Duration.ofSeconds(10), Duration.ofSeconds(1), 100)), backend.port());

        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\nab"
                    .getBytes(StandardCharsets.US_ASCII));
            // ...and nothing more: the rest of the body never comes.
            assertThat(RawHttp.read(socket, false).head()).startsWith("HTTP/1.1 408 ");
        }
        assertThat(proxy.strikes()).as("passive-health strikes").isEmpty();
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void aBackendsEarlyAnswerToAnUnfinishedUploadIsPassedOn() throws Exception {
        try (java.net.ServerSocket early = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread refuser = new Thread(() -> {
                try (Socket socket = early.accept()) {
                    if (!RawHttp.isComplete(RawHttp.readHead(socket.getInputStream()))) {
                        return;
                    }
                    // Answers at once, without reading the body it was promised.
                    socket.getOutputStream().write(("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 8\r\n"
                            + "Connection: close\r\n\r\ntoo big\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the test fails on the client side
                }
            }, "early-answer-backend");
            refuser.setDaemon(true);
            refuser.start();
            proxy.start(TestProxy.settings(Duration.ofSeconds(2)), early.getLocalPort());

            try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 65536\r\n"
                        + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                // As curl does for a large body: wait for 100 Continue or a final answer before sending it.
                RawHttp.Reply response = RawHttp.read(socket, false);

                assertThat(response.head()).startsWith("HTTP/1.1 413 ");
                assertThat(response.body()).isEqualTo("too big\n");
            }
            assertThat(proxy.strikes()).isEmpty();
        }
    }

    @Test
    void aSlowUploadIsNotCutOffByTheTimeToFirstByte() throws Exception {
        CountingBackend echo = counting("echo");
        proxy.start(TestProxy.settings(Duration.ofMillis(500)), echo.port());

        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 8\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 4; i++) {
                out.write("ab".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(300); // the client's pacing: 1.2 s of upload against a 500 ms first-byte timeout
            }
            RawHttp.Reply response = RawHttp.read(socket, false);
            assertThat(response.head()).startsWith("HTTP/1.1 200 OK");
            assertThat(response.body()).isEqualTo("echo abababab");
        }
    }

    @Test
    void aBodyArrivingSlowlyInManyPiecesIsReplayedWholeWhenTheFirstBackendDiesMidUpload() throws Exception {
        ClosingBackend dying = proxy.started(ClosingBackend.cuttingUploadsAfter(1_000));
        RecordingBackend next = proxy.started(new RecordingBackend());
        proxy.start(TestProxy.settings(Duration.ofSeconds(2)), dying.port(), next.port());
        byte[] body = new byte[2_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }

        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int piece = 0; piece < 20; piece++) {
                out.write(body, piece * 100, 100);
                out.flush();
                int sent = (piece + 1) * 100;
                // Each piece is with a backend before the next leaves: the first takes 1,000 bytes and dies.
                await().atMost(Duration.ofSeconds(5)).until(() -> sent <= 1_000
                        ? dying.bodyBytesReceived() >= sent : next.bytesReceived() >= sent);
            }
            RawHttp.Reply response = RawHttp.read(socket, false);

            assertThat(response.head()).startsWith("HTTP/1.1 200 OK");
        }
        assertThat(dying.requestsReceived()).isEqualTo(1);
        assertThat(next.bodies()).hasSize(1);
        assertThat(next.bodies().get(0)).isEqualTo(body);
    }

    @Test
    void aDownloadMayLastLongerThanTheBackendTimeoutWhileBytesKeepComing() throws Exception {
        // Fifteen pauses of a tenth of the timeout: the whole download outlasts the timeout, no pause comes near it.
        StreamingBackend stream = proxy.started(new StreamingBackend(15, Duration.ofMillis(100)));
        proxy.start(TestProxy.settings(Duration.ofSeconds(1)), stream.port());

        HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/download")).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("chunk\n".repeat(15));
    }

    @Test
    void aDownloadThatStallsLongerThanTheIdleTimeoutIsCutSoTheClientSeesItTruncated() throws Exception {
        StreamingBackend stream = proxy.started(new StreamingBackend(2, Duration.ofSeconds(3)));
        proxy.start(TestProxy.settings(Duration.ofSeconds(1)).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofMillis(400)), stream.port());

        RawHttp.Exchange exchange = RawHttp.exchange(proxy.port(), "GET /download HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                10_000);

        // The first chunk came through, then the connection closed with neither the second nor the last chunk: the
        // backend's three-second stall was cut by the idle timeout, not waited out.
        assertThat(exchange.closed()).as("connection closed by the proxy").isTrue();
        assertThat(exchange.status()).isEqualTo(200);
        assertThat(exchange.body()).containsOnlyOnce("chunk\n").doesNotContain("0\r\n\r\n");
    }

    private CountingBackend counting(String name) throws IOException {
        return proxy.started(new CountingBackend(name));
    }

    private ClosingBackend closing() throws IOException {
        return proxy.started(new ClosingBackend());
    }
}
