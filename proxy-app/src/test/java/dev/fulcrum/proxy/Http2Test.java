package dev.fulcrum.proxy;

import static dev.fulcrum.server.TestServers.closedPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.proxy.connection.ClientLimits;
import dev.fulcrum.testing.LogCapture;
import dev.fulcrum.testing.PriorKnowledgeClient;
import dev.fulcrum.testing.RawHttp;
import dev.fulcrum.testing.Resources;
import dev.fulcrum.testing.TestCertificates;
import dev.fulcrum.testing.TestCertificates.Issued;
import dev.fulcrum.testing.TestCertificates.KeyForm;
import dev.fulcrum.testing.TlsClients;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLSocket;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HTTP/2 from clients, backends still spoken to in HTTP/1.1: h2 chosen through ALPN on the TLS port, h2c on the plain
 * port started with prior knowledge or with {@code Upgrade: h2c}. Everything the data path does for HTTP/1.1 holds:
 * the choice of backend, retries and passive health, error bodies, request ids, the access log, the limits that apply
 * to HTTP/2, {@code Expect: 100-continue}; and {@code --no-http2} takes HTTP/2 away.
 */
class Http2Test {

    @TempDir
    static Path dir;

    private static Issued site;

    @RegisterExtension
    final Resources running = new Resources();

    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void makeCertificate() {
        site = TestCertificates.leaf("localhost", "127.0.0.1").write(dir.resolve("site.pem"), dir.resolve("site.key"),
                KeyForm.PKCS8);
    }

    /** Plain and TLS ports, both with HTTP/2. */
    private static ListenerSettings bothPorts() {
        return TestProxy.plainAndTls(dir.resolve("site.pem"), dir.resolve("site.key"));
    }

    private TestProxy proxy(ListenerSettings listeners, ProxySettings settings, int... backends) throws Exception {
        return running.add(TestProxy.start(listeners, settings, backends));
    }

    private TestProxy proxy(ProxySettings settings, int... backends) throws Exception {
        return proxy(bothPorts(), settings, backends);
    }

    private CountingBackend counting(String name) throws IOException {
        return running.add(new CountingBackend(name));
    }

    private static HttpClient h2() {
        return TlsClients.http2(TlsClients.trusting(site.certificate()));
    }

    /** The JDK's client on the plain port: its first request on a connection asks for h2c with an upgrade. */
    private static HttpClient h2c() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    private static HttpResponse<String> send(HttpClient client, URI uri) throws Exception {
        return send(client, HttpRequest.newBuilder(uri));
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private PriorKnowledgeClient priorKnowledge() throws Exception {
        return running.add(new PriorKnowledgeClient());
    }

    /** The bodies of four requests, trimmed: behind backends "one" and "two", what round-robin gives. */
    private static List<String> fourBodies(Callable<String> request) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bodies.add(request.call().trim());
        }
        return bodies;
    }

    /** The body of a 200 answered in HTTP/2. */
    private static String http2Body(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        return response.body();
    }

    @Test
    void theJdkClientGetsHttp2OverTlsRoundRobin() throws Exception {
        TestProxy proxy = proxy(TestProxy.SETTINGS, counting("one").port(), counting("two").port());
        HttpClient client = h2();

        assertThat(fourBodies(() -> http2Body(send(client, proxy.httpsUri("/")))))
                .containsExactly("one", "two", "one", "two");
    }

    @ParameterizedTest(name = "ALPN offer {0} -> {1}")
    @CsvSource(delimiter = ';', value = {"http/1.1; http/1.1", "h2,http/1.1; h2", "http/1.1,h2; h2"})
    void theTlsPortTakesTheProtocolTheClientOffersThroughAlpn(String offered, String chosen) throws Exception {
        TestProxy proxy = proxy(TestProxy.SETTINGS, counting("live").port());

        try (SSLSocket tls = TlsClients.connectOffering(TlsClients.trusting(site.certificate()), proxy.tlsPort(),
                List.of(offered.split(",")))) {
            assertThat(tls.getApplicationProtocol()).isEqualTo(chosen);
            if (chosen.equals("http/1.1")) {
                RawHttp.send(tls, "GET / HTTP/1.1\r\nHost: fulcrum.test\r\nConnection: close\r\n\r\n");
                RawHttp.Reply reply = RawHttp.read(tls, false);
                assertThat(reply.status()).isEqualTo(200);
                assertThat(reply.body()).isEqualTo("live ");
            }
        }
    }

    @Test
    void thePlainPortUpgradesToH2cForTheJdkClientRoundRobin() throws Exception {
        TestProxy proxy = proxy(TestProxy.SETTINGS, counting("one").port(), counting("two").port());
        HttpClient client = h2c();

        assertThat(fourBodies(() -> http2Body(send(client, proxy.uri("/")))))
                .containsExactly("one", "two", "one", "two");
    }

    @Test
    void anUpgradeToH2cWithAChunkedBodyIsAnsweredInHttp11() throws Exception {
        TestProxy proxy = proxy(TestProxy.SETTINGS, counting("echo").port());
        byte[] body = "chunked".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = send(h2c(), HttpRequest.newBuilder(proxy.uri("/"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(response.body()).isEqualTo("echo chunked");
    }

    @Test
    void thePlainPortSpeaksH2cWithPriorKnowledgeRoundRobin() throws Exception {
        TestProxy proxy = proxy(TestProxy.SETTINGS, counting("one").port(), counting("two").port());
        PriorKnowledgeClient client = priorKnowledge();

        assertThat(fourBodies(() -> {
            ContentResponse response = client.get(proxy.port(), "/");
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getVersion()).isEqualTo(HttpVersion.HTTP_2);
            return response.getContentAsString();
        })).containsExactly("one", "two", "one", "two");
    }

    @Test
    void aDeadBackendIsRetriedAndStruckOverHttp2() throws Exception {
        CountingBackend live = counting("live");
        TestProxy proxy = proxy(TestProxy.SETTINGS, closedPort(), live.port());
        HttpClient client = h2();

        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = send(client, HttpRequest.newBuilder(proxy.httpsUri("/"))
                    .POST(HttpRequest.BodyPublishers.ofString("x" + i)));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("live x" + i);
        }

        assertThat(live.requests("POST")).isEqualTo(4);
        assertThat(proxy.strikes()).isNotEmpty().containsOnly("b1");
    }

    @Test
    void errorsGetFulcrumsBodyAndRequestIdOverHttp2() throws Exception {
        TestProxy proxy = proxy(TestProxy.SETTINGS);

        HttpResponse<String> response = send(h2(), HttpRequest.newBuilder(proxy.httpsUri("/"))
                .header("Accept", "application/json").header("X-Request-Id", "h2-client-7"));

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("h2-client-7");
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo("no backend available");
        assertThat(body.get("requestId").asText()).isEqualTo("h2-client-7");
    }

    @Test
    void theRequestIdReachesTheBackendAndTheAccessLogNamesTheProtocol() throws Exception {
        CountingBackend live = counting("live");
        TestProxy proxy = proxy(TestProxy.SETTINGS.withAccessLog(true), live.port());

        try (LogCapture accessLog = LogCapture.accessLog()) {
            send(h2(), HttpRequest.newBuilder(proxy.httpsUri("/logged?q=1")).header("X-Request-Id", "h2-req-1"));
            assertThat(live.lastRequestId()).isEqualTo("h2-req-1");
            send(h2c(), proxy.uri("/upgraded"));

            await().until(() -> accessLog.messages().size() >= 2);
            assertThat(accessLog.messages())
                    .anySatisfy(line -> assertThat(line).contains(" GET /logged?q=1 HTTP/2.0 -> b1 200 ")
                            .endsWith(" h2-req-1"))
                    .anySatisfy(line -> assertThat(line).contains(" GET /upgraded HTTP/2.0 -> b1 200 "));
        }
    }

    @Test
    void aLongUriGets414AndALargeBody413OverHttp2() throws Exception {
        RecordingBackend recording = running.add(new RecordingBackend());
        ClientLimits limits = new ClientLimits(4096, 100, 1000, Duration.ofSeconds(10), Duration.ofSeconds(60), 100);
        TestProxy proxy = proxy(TestProxy.SETTINGS.withLimits(limits), recording.port());
        HttpClient client = h2();

        HttpResponse<String> longUri = send(client, proxy.httpsUri("/" + "u".repeat(150)));
        HttpResponse<String> largeBody = send(client, HttpRequest.newBuilder(proxy.httpsUri("/upload"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2000])));

        assertThat(longUri.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(longUri.statusCode()).isEqualTo(414);
        assertThat(largeBody.statusCode()).isEqualTo(413);
        assertThat(recording.connections()).isZero();

        // Without a content-length, as with a chunked HTTP/1.1 body: refused before the bytes past the limit go on.
        HttpResponse<String> unannounced = send(client, HttpRequest.newBuilder(proxy.httpsUri("/upload"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[2000]))));
        assertThat(unannounced.statusCode()).isEqualTo(413);
        assertThat(recording.requests()).isEmpty();
        assertThat(recording.bytesReceived()).isLessThan(1000);
    }

    @Test
    void aHeaderListOverTheLimitIsRefusedAndReachesNoBackend() throws Exception {
        CountingBackend live = counting("live");
        ClientLimits limits = new ClientLimits(4096, 1024, -1, Duration.ofSeconds(10), Duration.ofSeconds(60), 100);
        TestProxy proxy = proxy(TestProxy.SETTINGS.withLimits(limits), live.port());
        HttpClient client = h2();

        assertThatThrownBy(() -> send(client, HttpRequest.newBuilder(proxy.httpsUri("/"))
                .header("X-Large", "v".repeat(8000)))).isInstanceOf(IOException.class);

        assertThat(send(client, proxy.httpsUri("/")).statusCode()).isEqualTo(200);
        assertThat(live.requests("GET")).isEqualTo(1);
    }

    @Test
    void aBodyWithoutContentLengthIsPassedOnAndABodilessRequestSendsNone() throws Exception {
        CountingBackend echo = counting("echo");
        RecordingBackend recording = running.add(new RecordingBackend());
        TestProxy proxy = proxy(TestProxy.SETTINGS, echo.port(), recording.port());
        HttpClient client = h2();
        byte[] body = "streamed without a length".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> streamed = send(client, HttpRequest.newBuilder(proxy.httpsUri("/"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        HttpResponse<String> bodiless = send(client, HttpRequest.newBuilder(proxy.httpsUri("/delete"))
                .DELETE());

        assertThat(streamed.body()).isEqualTo("echo streamed without a length");
        assertThat(bodiless.statusCode()).isEqualTo(200);
        assertThat(recording.requests()).singleElement().asString().startsWith("DELETE /delete HTTP/1.1\r\n")
                .doesNotContainIgnoringCase("transfer-encoding").doesNotContainIgnoringCase("content-length");
    }

    @Test
    void anUploadWithExpect100ContinueOverHttp2ReachesABackendThatNeverAnswers100() throws Exception {
        RecordingBackend backend = running.add(new RecordingBackend());
        TestProxy proxy = proxy(TestProxy.SETTINGS, backend.port());
        byte[] body = new byte[100_000];
        java.util.Arrays.fill(body, (byte) 'e');

        PriorKnowledgeClient client = priorKnowledge();
        ContentResponse response = client.send(client.request(proxy.port(), "/upload")
                .method(HttpMethod.POST).headers(headers -> headers.put(HttpHeader.EXPECT, "100-continue"))
                .body(new BytesRequestContent(body)));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(backend.requests()).singleElement().asString().contains("\r\nExpect: 100-continue");
        assertThat(backend.bodies().get(0)).isEqualTo(body);
    }

    @Test
    void anHttp2PathThatIsNoUriPathGets400() throws Exception {
        CountingBackend live = counting("live");
        TestProxy proxy = proxy(TestProxy.SETTINGS, live.port());
        PriorKnowledgeClient client = priorKnowledge();

        assertThat(client.rawGet(proxy.port(), "/a%zz")).isEqualTo(400);
        assertThat(client.rawGet(proxy.port(), "/a%00b")).isEqualTo(400);
        assertThat(client.rawGet(proxy.port(), "/a<b")).isEqualTo(400);
        assertThat(live.requests("GET")).isZero();
        assertThat(client.rawGet(proxy.port(), "/a%2Fb/%e9?x=[1]")).isEqualTo(200);
    }

    @Test
    void anHttp2RequestInFlightFinishesWhenTheProxyStops() throws Exception {
        SlowBackend slow = running.add(new SlowBackend(Duration.ofMillis(800)));
        TestProxy proxy = TestProxy.start(bothPorts(), TestProxy.settings(Duration.ofSeconds(5)), slow.port());
        PriorKnowledgeClient client = priorKnowledge();

        CompletableFuture<ContentResponse> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return client.get(proxy.port(), "/");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().until(() -> slow.requestsReceived() == 1);
        proxy.close();

        ContentResponse response = inFlight.join();
        assertThat(response.getVersion()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).isEqualTo("slow\n");
    }

    @Test
    void clientsThatHangUpRightAfterAnH2cUpgradeLeaveNothingForTheStopToWaitFor() throws Exception {
        DemoBackend backend = running.add(new DemoBackend("127.0.0.1", 0, "live"));
        backend.start();
        TestProxy proxy = TestProxy.start(bothPorts(), TestProxy.SETTINGS, backend.port());
        for (int i = 0; i < 40; i++) {
            assertThat(upgradeToH2cAndHangUp(proxy.port())).as("stream 1 answered in HTTP/2").isTrue();
        }

        try (LogCapture log = new LogCapture(ProxyServer.class)) {
            proxy.close();
            assertThat(log.messages()).noneMatch(line -> line.contains("drain time"));
        }
    }

    /**
     * As curl does: a GET with {@code Upgrade: h2c}, the connection preface after the {@code 101}, then the socket
     * closed as soon as stream 1 has ended, without a GOAWAY.
     *
     * @return whether stream 1 ended with an HTTP/2 frame
     */
    private static boolean upgradeToH2cAndHangUp(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            // The preface (RFC 9113 3.4) and an empty SETTINGS frame.
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
            while (true) {
                int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                int stream = in.readInt();
                in.readFully(new byte[length]);
                // DATA or HEADERS with END_STREAM on stream 1: the answer is complete.
                if (stream == 1 && type <= 1 && (flags & 1) != 0) {
                    return true;
                }
            }
        }
    }

    @Test
    void withoutHttp2BothPortsSpeakHttp1Only() throws Exception {
        TestProxy proxy = proxy(bothPorts().withoutHttp2(), TestProxy.SETTINGS, counting("live").port());

        HttpResponse<String> overTls = send(h2(), proxy.httpsUri("/"));
        HttpResponse<String> upgradeAsked = send(h2c(), proxy.uri("/"));

        assertThat(overTls.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(overTls.body()).isEqualTo("live ");
        assertThat(upgradeAsked.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(upgradeAsked.body()).isEqualTo("live ");
        PriorKnowledgeClient client = priorKnowledge();
        assertThatThrownBy(() -> client.get(proxy.port(), "/")).isInstanceOf(ExecutionException.class);
    }
}
