package dev.fulcrum.proxy;

import static dev.fulcrum.server.TestServers.closedPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.demo.WebSocketEcho;
import dev.fulcrum.testing.LogCapture;
import dev.fulcrum.testing.RawHttp;
import dev.fulcrum.testing.Resources;
import dev.fulcrum.testing.TestCertificates;
import dev.fulcrum.testing.TestCertificates.Issued;
import dev.fulcrum.testing.TestCertificates.KeyForm;
import dev.fulcrum.testing.TlsClients;
import dev.fulcrum.testing.WebSocketClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket through the proxy to the demo backend's {@code /ws} echo, with the JDK's client: the handshake goes to a
 * backend chosen as any request's (retried when the backend is down), and after its {@code 101} the bytes are relayed
 * both ways as they are, until either side closes or the idle timeout; the connection counts as one request in flight
 * and is logged once, when it ends; a backend's refusal reaches the client as it was sent.
 */
class WebSocketTest {

    @RegisterExtension
    final Resources running = new Resources();

    private DemoBackend demo() throws Exception {
        DemoBackend backend = new DemoBackend("127.0.0.1", 0, "ws");
        backend.start();
        return running.add(backend);
    }

    private TestProxy proxy(ProxySettings settings, int... backends) throws Exception {
        return running.add(TestProxy.start(settings, backends));
    }

    private static URI ws(TestProxy proxy) {
        return URI.create("ws://127.0.0.1:" + proxy.port() + "/ws");
    }

    private WebSocketClient open(TestProxy proxy) {
        return running.add(WebSocketClient.open(ws(proxy)));
    }

    @Test
    void messagesGoBothWaysThroughTheTunnelUpToOneMegabyte() throws Exception {
        TestProxy proxy = proxy(TestProxy.SETTINGS, demo().port());
        WebSocketClient client = open(proxy);
        String large = "0123456789abcdef".repeat(64 * 1024);
        byte[] binary = new byte[1024 * 1024];
        Arrays.fill(binary, (byte) 7);

        assertThat(client.echo("hello")).isEqualTo("hello");
        assertThat(client.echo(large)).isEqualTo(large);
        assertThat(client.echo(binary)).isEqualTo(binary);
        assertThat(client.echo("again")).isEqualTo("again");
    }

    @Test
    void theTlsPortCarriesWebSocketsBesideHttp2(@TempDir Path dir) throws Exception {
        Issued site = TestCertificates.leaf("localhost", "127.0.0.1").write(dir.resolve("site.pem"),
                dir.resolve("site.key"), KeyForm.PKCS8);
        TestProxy proxy = running.add(TestProxy.start(TestProxy.plainAndTls(dir.resolve("site.pem"),
                dir.resolve("site.key")), TestProxy.SETTINGS, demo().port()));
        HttpClient https = TlsClients.http2(TlsClients.trusting(site.certificate()));

        WebSocketClient client = running.add(WebSocketClient.open(https,
                URI.create("wss://127.0.0.1:" + proxy.tlsPort() + "/ws")));

        assertThat(client.echo("over tls")).isEqualTo("over tls");
        assertThat(https.send(HttpRequest.newBuilder(proxy.httpsUri("/")).build(),
                HttpResponse.BodyHandlers.ofString()).version()).isEqualTo(HttpClient.Version.HTTP_2);
        // The GET's exchange ends once Jetty completes it, which may follow its response; the WebSocket stays.
        await().until(() -> proxy.pool().load(1).inFlight() == 1);
        assertThat(client.echo("still open")).isEqualTo("still open");
        assertThat(proxy.pool().load(1).inFlight()).isEqualTo(1);
    }

    @Test
    void theDemoConsolesEchoGoesThroughTheBalancer() throws Exception {
        TestProxy proxy = proxy(TestProxy.SETTINGS, demo().port());

        assertThat(WebSocketEcho.roundTrip(ws(proxy), "hello")).isEqualTo("hello");
        await().until(() -> proxy.pool().load(1).inFlight() == 0);
    }

    @Test
    void aClosingClientClosesTheBackendAndTheTunnelIsLoggedOnceWithItsBytes() throws Exception {
        TestProxy proxy = proxy(TestProxy.SETTINGS.withAccessLog(true), demo().port());
        try (LogCapture accessLog = LogCapture.accessLog()) {
            WebSocketClient client = open(proxy);
            assertThat(client.echo("ping")).isEqualTo("ping");
            assertThat(proxy.pool().load(1).inFlight()).isEqualTo(1);
            assertThat(accessLog.messages()).isEmpty();

            client.socket().sendClose(1000, "bye").join();

            await().until(() -> client.ended().isDone());
            assertThat(client.ended().join().status()).isEqualTo(1000);
            await().until(() -> proxy.pool().load(1).inFlight() == 0);
            await().until(() -> !accessLog.messages().isEmpty());
            assertThat(accessLog.messages()).singleElement().asString()
                    .contains(" GET /ws -> b1 101 ")
                    .containsPattern("\\(websocket closed by the client: \\d+ bytes from the client, \\d+ from the "
                            + "backend\\)$");
        }
    }

    @Test
    void aClosingBackendClosesTheClient() throws Exception {
        DemoBackend backend = demo();
        TestProxy proxy = proxy(TestProxy.SETTINGS, backend.port());
        WebSocketClient client = open(proxy);
        assertThat(client.echo("ping")).isEqualTo("ping");

        backend.close();

        await().until(() -> client.ended().isDone());
        await().until(() -> proxy.pool().load(1).inFlight() == 0);
    }

    @Test
    void aWebSocketSilentPastTheIdleTimeoutIsClosedBothWays() throws Exception {
        TestProxy proxy = proxy(TestProxy.SETTINGS.withAccessLog(true).withWebSocketIdleTimeout(Duration.ofMillis(300)),
                demo().port());
        try (LogCapture accessLog = LogCapture.accessLog()) {
            WebSocketClient client = open(proxy);
            assertThat(client.echo("ping")).isEqualTo("ping");

            await().atMost(Duration.ofSeconds(5)).until(() -> client.ended().isDone());
            await().until(() -> proxy.pool().load(1).inFlight() == 0);
            await().until(() -> !accessLog.messages().isEmpty());
            assertThat(accessLog.messages()).singleElement().asString().contains("(websocket idle timeout: ");
        }
    }

    @Test
    void aDeadBackendIsRetriedForTheHandshake() throws Exception {
        TestProxy proxy = proxy(TestProxy.SETTINGS, closedPort(), demo().port());

        for (int i = 0; i < 3; i++) {
            WebSocketClient client = open(proxy);
            assertThat(client.echo("try " + i)).isEqualTo("try " + i);
            client.socket().sendClose(1000, "").join();
            await().until(() -> client.ended().isDone());
        }

        assertThat(proxy.strikes()).isNotEmpty().containsOnly("b1");
        await().until(() -> proxy.pool().load(2).inFlight() == 0);
    }

    @Test
    void aBackendRefusingTheUpgradeHasItsAnswerPassedOn() throws Exception {
        RecordingBackend refusing = running.add(RecordingBackend.answeringTheHead("HTTP/1.1 403 Forbidden\r\n"
                + "Content-Type: text/plain\r\nContent-Length: 10\r\nConnection: close\r\n\r\nforbidden\n"));
        TestProxy proxy = proxy(TestProxy.SETTINGS, refusing.port());

        assertThatThrownBy(() -> open(proxy)).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        refused -> assertThat(refused.getResponse().statusCode()).isEqualTo(403));
        RawHttp.Reply raw;
        try (java.net.Socket socket = RawHttp.connect(proxy.port())) {
            RawHttp.send(socket, "GET /ws HTTP/1.1\r\nHost: example.test\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            raw = RawHttp.read(socket, false);
        }

        assertThat(raw.status()).isEqualTo(403);
        assertThat(raw.body()).isEqualTo("forbidden\n");
        assertThat(refusing.requests()).hasSize(2).allSatisfy(head -> assertThat(head)
                .contains("\r\nUpgrade: websocket").contains("\r\nConnection: Upgrade")
                .contains("\r\nSec-WebSocket-Key: "));
        assertThat(proxy.strikes()).isEmpty();
        await().until(() -> proxy.pool().load(1).inFlight() == 0);
    }

    @Test
    void aStopLetsAnOpenWebSocketRunThroughTheDrainTimeThenClosesIt() throws Exception {
        TestProxy proxy = proxy(TestProxy.SETTINGS.withAccessLog(true), demo().port());
        try (LogCapture accessLog = LogCapture.accessLog()) {
            WebSocketClient client = open(proxy);
            assertThat(client.echo("before")).isEqualTo("before");
            int port = proxy.port();

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
                try {
                    proxy.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            await().until(() -> refusesNewRequests(port));
            assertThat(client.echo("while draining")).isEqualTo("while draining");
            await().atMost(ProxyServer.DRAIN_TIMEOUT.plusSeconds(10)).until(() -> client.ended().isDone());
            stopped.join();
            assertThat(proxy.pool().load(1).inFlight()).isZero();
            await().until(() -> !accessLog.messages().isEmpty());
            assertThat(accessLog.messages()).singleElement().asString().contains("(websocket closed at shutdown: ");
        }
    }

    /** Whether a new request is refused, as once a stop has begun: no connection, or 503. */
    private static boolean refusesNewRequests(int port) {
        try {
            return RawHttp.exchange(port, "GET / HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n").status() == 503;
        } catch (java.io.IOException refused) {
            return true;
        }
    }
}
