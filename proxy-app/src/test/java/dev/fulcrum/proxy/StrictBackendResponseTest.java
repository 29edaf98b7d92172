package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.testing.LogCapture;
import dev.fulcrum.testing.RawHttp;
import dev.fulcrum.testing.Resources;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A backend whose response could be framed two ways, or is not HTTP, is answered to the client as 502 with Fulcrum's
 * own body, its connection is closed (nothing after the bad bytes can be trusted, so it must not go back to the
 * pool), the event is logged with the backend's name, and the request is not replayed on another backend: the
 * backend did answer, wrongly.
 */
class StrictBackendResponseTest {

    @RegisterExtension
    final Resources running = new Resources();

    private static final String GET = "GET /resource HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n";
    private static final int READ_TIMEOUT_MILLIS = 3_000;

    private final LogCapture log = running.add(new LogCapture(BalancingProxyServlet.class));
    private TestProxy proxy;

    static Stream<Arguments> malformedResponses() {
        String ok = "HTTP/1.1 200 OK\r\n";
        return Stream.of(
                Arguments.of("Content-Length and Transfer-Encoding", ok
                        + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("Transfer-Encoding and Content-Length", ok
                        + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("two different Content-Length lines", ok
                        + "Content-Length: 2\r\nContent-Length: 3\r\n\r\nabc"),
                Arguments.of("Content-Length list of different values", ok + "Content-Length: 2, 3\r\n\r\nabc"),
                Arguments.of("two identical Content-Length lines", ok
                        + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc"),
                Arguments.of("Content-Length list of equal values", ok + "Content-Length: 3, 3\r\n\r\nabc"),
                Arguments.of("Transfer-Encoding chunked twice", ok
                        + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
                Arguments.of("status line of HTTP/1.2", "HTTP/1.2 200 OK\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("status line of HTTP/2.0", "HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("status line of HTTP/0.9 style", "hello\r\n"),
                Arguments.of("Content-Length not a number", ok + "Content-Length: 3x\r\n\r\nabc"),
                Arguments.of("status not a number", "HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("status of four digits", "HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("not HTTP at all", "SSH-2.0-OpenSSH_9.6\r\n\r\n"),
                Arguments.of("space in a header name", ok + "Bad Name: x\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("whitespace before a colon", ok + "X-Test : x\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("control character in a header name", ok
                        + "X\u0001Test: x\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("control character in a header value", ok
                        + "X-Test: a\u0001b\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("obs-fold", ok + "X-Test: a\r\n b\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("header line without a colon", ok + "X-Test\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("chunk size not hex", ok + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("chunk size with 17 digits", ok
                        + "Transfer-Encoding: chunked\r\n\r\n00000000000000005\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("Transfer-Encoding chunked not last", ok
                        + "Transfer-Encoding: chunked, gzip\r\n\r\n5\r\nhello\r\n0\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedResponses")
    void malformedResponseIs502AndTheBackendConnectionIsClosed(String name, String response) throws Exception {
        RecordingBackend backend = backend(response, false);
        proxy = running.add(TestProxy.start(backend.port()));

        RawHttp.Exchange answer = RawHttp.exchange(proxy.port(), GET, READ_TIMEOUT_MILLIS);

        assertBadGateway(answer);
        assertThat(backend.requests()).hasSize(1);
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(backend.closedByProxy()).as("backend connections Fulcrum closed").isEqualTo(1));
        assertThat(log.messages()).as("log lines").anyMatch(line ->
                line.startsWith("WARN backend b1 sent a malformed response to GET /resource"));
    }

    static Stream<Arguments> cutResponses() {
        return Stream.of(
                Arguments.of("after the head", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"),
                Arguments.of("inside a small body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
    }

    static Stream<Arguments> cutStreams() {
        return Stream.of(
                Arguments.of("inside a chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\nabc"),
                Arguments.of("before the last chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "3\r\nabc\r\n"));
    }

    /**
     * A chunked response is streamed: each chunk goes to the client as it arrives, since it may be an event the
     * client waits for. A backend that stops mid-stream therefore leaves the client with the chunks so far and a cut
     * connection without the last chunk, which every HTTP client reports as an incomplete response, as HAProxy and
     * nginx do; the backend is still logged as at fault.
     */
    @ParameterizedTest(name = "cut {0}")
    @MethodSource("cutStreams")
    void chunkedResponseCutMidStreamReachesTheClientVisiblyIncomplete(String name, String response) throws Exception {
        RecordingBackend backend = backend(response, true);
        proxy = running.add(TestProxy.start(backend.port()));

        // Keep-alive, so that the client's response is chunked too and its missing last chunk shows the cut.
        RawHttp.Exchange answer = RawHttp.exchange(proxy.port(),
                "GET /resource HTTP/1.1\r\nHost: example.test\r\n\r\n", READ_TIMEOUT_MILLIS);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Transfer-Encoding")).hasValue("chunked");
        assertThat(answer.body()).contains("abc").doesNotContain("0\r\n\r\n");
        assertThat(answer.closed()).isTrue();
        assertThat(log.messages()).anyMatch(line ->
                line.startsWith("WARN backend b1 sent a malformed response to GET /resource"));
    }

    /**
     * The backend closes before the end its Content-Length announced, while what it sent is still in Fulcrum's
     * response buffer: the client has seen nothing, so it gets a clean 502 instead of a short body.
     */
    @ParameterizedTest(name = "cut {0}")
    @MethodSource("cutResponses")
    void responseCutBeforeTheClientSawAnythingIs502(String name, String response) throws Exception {
        RecordingBackend backend = backend(response, true);
        proxy = running.add(TestProxy.start(backend.port()));

        RawHttp.Exchange answer = RawHttp.exchange(proxy.port(), GET, READ_TIMEOUT_MILLIS);

        assertBadGateway(answer);
        assertThat(answer.closed()).isTrue();
        assertThat(backend.requests()).hasSize(1);
        assertThat(log.messages()).anyMatch(line ->
                line.startsWith("WARN backend b1 sent a malformed response to GET /resource"));
    }

    /**
     * Cut after more body than Fulcrum buffers: the client already has the head and part of the body, so all that is
     * left is to cut its connection too, leaving a response visibly shorter than its Content-Length, never a
     * complete-looking one.
     */
    @Test
    void responseCutAfterTheClientGotPartOfItCutsTheClientConnection() throws Exception {
        int promised = 200_000;
        RecordingBackend backend = backend("HTTP/1.1 200 OK\r\nContent-Length: " + promised + "\r\n\r\n"
                + "x".repeat(promised / 2), true);
        proxy = running.add(TestProxy.start(backend.port()));

        RawHttp.Exchange answer = RawHttp.exchange(proxy.port(),
                "GET /resource HTTP/1.1\r\nHost: example.test\r\n\r\n", READ_TIMEOUT_MILLIS);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Length")).hasValue(Integer.toString(promised));
        assertThat(answer.body().length()).as("body bytes received").isLessThan(promised);
        assertThat(answer.closed()).as("client connection cut").isTrue();
        assertThat(log.messages()).anyMatch(line ->
                line.startsWith("WARN backend b1 sent a malformed response to GET /resource"));
    }

    /** The reverse case: a client that hangs up during a download must not make the backend look malformed. */
    @Test
    void clientGoingAwayMidResponseIsNotBlamedOnTheBackend() throws Exception {
        int length = 8 * 1024 * 1024;
        RecordingBackend backend = backend("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n"
                + "x".repeat(length), false);
        proxy = running.add(TestProxy.start(backend.port()));

        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            client.getOutputStream().write(GET.getBytes(StandardCharsets.ISO_8859_1));
            client.setSoTimeout(READ_TIMEOUT_MILLIS);
            assertThat(client.getInputStream().readNBytes(12)).asString(StandardCharsets.ISO_8859_1)
                    .isEqualTo("HTTP/1.1 200");
            // A reset rather than a FIN, so the proxy's next write fails at once.
            client.setSoLinger(true, 0);
        }

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(backend.closedByProxy()).as("backend connections Fulcrum closed").isEqualTo(1));
        assertThat(log.messages()).as("log lines").noneMatch(line -> line.contains("malformed"));
        assertThat(proxy.strikes()).isEmpty();
    }

    static Stream<Arguments> malformedBeforeAndAfterTheStatusLine() {
        return Stream.of(
                Arguments.of("bad status line", "HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("not HTTP", "SSH-2.0-OpenSSH_9.6\r\n\r\n"),
                Arguments.of("two Content-Length lines", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                        + "Content-Length: 3\r\n\r\nabc"),
                Arguments.of("bad chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBeforeAndAfterTheStatusLine")
    void malformedResponseIsNotRetriedOnAHealthyBackend(String name, String response) throws Exception {
        RecordingBackend malformed = backend(response, false);
        RecordingBackend healthy = backend(RecordingBackend.OK, true);
        proxy = running.add(TestProxy.start(malformed.port(), healthy.port()));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            statuses.add(RawHttp.exchange(proxy.port(), GET, READ_TIMEOUT_MILLIS).status());
        }

        assertThat(statuses).containsExactlyInAnyOrder(502, 200);
        assertThat(malformed.requests()).hasSize(1);
        assertThat(healthy.requests()).as("requests the healthy backend got").hasSize(1);
    }

    /** The control: the same backend setup with a well-formed response passes it through. */
    @Test
    void wellFormedResponsesOfEachFramingPass() throws Exception {
        String[] responses = {
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello",
        };
        for (String response : responses) {
            RecordingBackend backend = backend(response, true);
            try (TestProxy single = TestProxy.start(backend.port())) {
                RawHttp.Exchange answer = RawHttp.exchange(single.port(), GET, READ_TIMEOUT_MILLIS);
                assertThat(answer.status()).as(response).isEqualTo(200);
                assertThat(answer.body()).as(response).isIn("hello", "5\r\nhello\r\n0\r\n\r\n");
            }
        }
        assertThat(log.messages()).isEmpty();
    }

    private RecordingBackend backend(String response, boolean closeAfterResponse) throws Exception {
        RecordingBackend backend = new RecordingBackend(response, closeAfterResponse);
        running.add(backend);
        return backend;
    }

    private static void assertBadGateway(RawHttp.Exchange answer) {
        assertThat(answer.status()).as("status of: %s", answer.raw()).isEqualTo(502);
        assertThat(answer.headerNames()).doesNotContain("server");
        assertThat(answer.body()).isEqualTo("502 Bad Gateway: no backend could serve the request (request "
                + answer.header("X-Request-Id").orElseThrow() + ")\n");
    }
}
