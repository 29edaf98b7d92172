package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.proxy.connection.ClientLimits;
import dev.fulcrum.proxy.connection.LoggedConnectionLimit;
import dev.fulcrum.testing.LogCapture;
import dev.fulcrum.testing.RawHttp;
import dev.fulcrum.testing.Resources;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What one client may ask of the proxy port: each limit answers with its own status and Fulcrum's body, shows up in
 * the access log, and keeps the refused request away from the backends.
 */
class ClientLimitsTest {

    @RegisterExtension
    final Resources running = new Resources();

    private static final ClientLimits SMALL = ClientLimits.DEFAULTS.withMaxBodySize(1024);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final LogCapture accessLog = running.add(LogCapture.accessLog());
    private BodyCountingBackend backend;
    private TestProxy proxy;

    @BeforeEach
    void recordAccessLogAndStartBackend() throws Exception {
        backend = new BodyCountingBackend();
        running.add(backend);
    }

    @Test
    void uriLongerThanTheUriLimitGets414AndNeverReachesTheBackend() throws Exception {
        startProxy(SMALL);

        RawHttp.Reply reply = RawHttp.exchange(proxy.port(), get("/" + "a".repeat(8 * 1024)));

        assertFulcrumError(reply, 414, "414 URI Too Long: request URI too long");
        assertThat(backend.requests()).isZero();
        assertLogged(" 414 ");
    }

    @Test
    void uriAtTheUriLimitIsServed() throws Exception {
        startProxy(SMALL);

        try (Socket socket = RawHttp.connect(proxy.port())) {
            RawHttp.send(socket, get("/" + "a".repeat(8 * 1024 - 1)));
            assertThat(RawHttp.read(socket, false).status()).isEqualTo(200);
        }
        assertThat(backend.requests()).isEqualTo(1);
    }

    @Test
    void requestLineLongerThanTheWholeHeaderBudgetGets414() throws Exception {
        startProxy(SMALL);

        RawHttp.Reply reply = RawHttp.exchange(proxy.port(), get("/" + "a".repeat(20 * 1024)));

        assertFulcrumError(reply, 414, "414 URI Too Long: request URI too long");
        assertThat(backend.requests()).isZero();
        assertLogged(" 414 ");
    }

    @Test
    void headersLargerThanTheHeaderLimitGet431() throws Exception {
        startProxy(SMALL);

        RawHttp.Reply reply = RawHttp.exchange(proxy.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                + "b".repeat(16 * 1024) + "\r\n\r\n");

        assertFulcrumError(reply, 431, "431 Request Header Fields Too Large: request headers too large");
        assertThat(backend.requests()).isZero();
        assertLogged(" 431 ");
    }

    @Test
    void contentLengthOverTheBodyLimitGets413BeforeTheBodyIsSentAndNothingIsForwarded() throws Exception {
        startProxy(SMALL);

        // Only the head: the answer must come without waiting for (or forwarding) a byte of the body.
        RawHttp.Reply reply = RawHttp.exchange(proxy.port(), "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: 1025\r\n\r\n");

        assertFulcrumError(reply, 413, "413 Payload Too Large: request body too large");
        assertThat(backend.requests()).isZero();
        assertLogged(" 413 ");
    }

    @Test
    void chunkedBodyOverTheBodyLimitGets413() throws Exception {
        startProxy(SMALL);

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/upload"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[4096])))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).startsWith("413 Payload Too Large: request body too large (request ");
        assertThat(response.headers().firstValue("Server")).isEmpty();
        assertThat(backend.bodyBytes()).as("the backend never gets a complete oversized body").isZero();
        assertLogged(" 413 ");
    }

    @Test
    void chunkedBodyAtTheBodyLimitIsForwarded() throws Exception {
        startProxy(SMALL);

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/upload"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[1024])))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("received 1024\n");
    }

    @Test
    void connectionIdleBetweenRequestsIsClosedAfterTheIdleTimeout() throws Exception {
        startProxy(new ClientLimits(16 * 1024, 8 * 1024, -1, Duration.ofSeconds(10), Duration.ofSeconds(2), 100));

        try (Socket socket = RawHttp.connect(proxy.port())) {
            RawHttp.send(socket, get("/"));
            assertThat(RawHttp.read(socket, false).status()).isEqualTo(200);
            // A pause well inside the idle timeout leaves the connection open for the next request...
            CompletableFuture.runAsync(() -> {
                try {
                    RawHttp.send(socket, get("/again"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)).get(5, TimeUnit.SECONDS);
            assertThat(RawHttp.read(socket, false).status()).isEqualTo(200);

            // ...and a silence past it ends the connection without a response.
            await().atMost(Duration.ofSeconds(8)).until(() -> socket.getInputStream().read() == -1);
        }
        assertThat(backend.requests()).isEqualTo(2);
    }

    @Test
    void connectionsOverTheLimitWaitUntilOneClosesAndNoneFails() throws Exception {
        startProxy(new ClientLimits(16 * 1024, 8 * 1024, -1, Duration.ofSeconds(10), Duration.ofSeconds(60), 5));
        List<Socket> first = new ArrayList<>();
        try (LogCapture log = new LogCapture(LoggedConnectionLimit.class)) {
            for (int i = 0; i < 5; i++) {
                Socket socket = RawHttp.connect(proxy.port());
                first.add(socket);
                RawHttp.send(socket, get("/" + i));
                assertThat(RawHttp.read(socket, false).status()).isEqualTo(200);
            }
            assertThat(proxy.clientConnections()).isEqualTo(5);

            CompletableFuture<RawHttp.Reply> sixth = CompletableFuture.supplyAsync(() -> {
                try {
                    return RawHttp.exchange(proxy.port(),
                            "GET /sixth HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> !sixth.isDone() && proxy.clientConnections() == 5);
            assertThat(backend.requests()).isEqualTo(5);
            assertThat(log.messages()).containsExactly("WARN 5 client connections open, the --max-connections limit:"
                    + " new clients wait to be accepted");

            first.remove(0).close();

            RawHttp.Reply reply = sixth.get(5, TimeUnit.SECONDS);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(backend.requests()).isEqualTo(6);
            assertThat(log.messages()).contains("INFO below the --max-connections limit again: accepting new clients");
            for (Socket socket : first) {
                RawHttp.send(socket, get("/again"));
                assertThat(RawHttp.read(socket, false).status()).as("the first clients are still served")
                        .isEqualTo(200);
            }
        } finally {
            for (Socket socket : first) {
                socket.close();
            }
        }
    }

    private static String get(String pathQuery) {
        return "GET " + pathQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    private static void assertFulcrumError(RawHttp.Reply reply, int status, String bodyStart) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.body()).isEqualTo(bodyStart + " (request " + reply.header("X-Request-Id") + ")\n");
        assertThat(reply.header("Server")).isNull();
        assertThat(reply.closed()).as("connection closed after the error").isTrue();
    }

    private void assertLogged(String statusField) {
        await().atMost(Duration.ofSeconds(2)).until(() -> accessLog.messages().stream()
                .anyMatch(line -> line.contains(statusField)));
    }

    private void startProxy(ClientLimits limits) throws Exception {
        proxy = running.add(TestProxy.start(ProxySettings.DEFAULTS.withLimits(limits), backend.port()));
    }

    private URI uri(String pathAndQuery) {
        return proxy.uri(pathAndQuery);
    }
}
