package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.proxy.connection.ClientLimits;
import dev.fulcrum.testing.LogCapture;
import dev.fulcrum.testing.RawHttp;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A request that two HTTP parsers could read differently (the root of request smuggling) or that is not HTTP/1.x is
 * refused by Fulcrum itself with its own short body, the connection is closed, and nothing of it reaches a backend.
 * Every case goes over a raw socket, since a well-behaved client library cannot send these bytes.
 */
class StrictHttpTest {

    private static final int READ_TIMEOUT_MILLIS = 3_000;
    private static final String ZEROS_33 = "0".repeat(33);

    private final LogCapture log = new LogCapture(BalancingProxyServlet.class);
    private RecordingBackend backend;
    private TestProxy proxy;

    @BeforeEach
    void start() throws Exception {
        backend = new RecordingBackend();
        proxy = TestProxy.start(backend.port());
    }

    @AfterEach
    void stop() throws Exception {
        log.close();
        proxy.close();
        backend.close();
    }

    static Stream<Arguments> ambiguousRequests() {
        String post = "POST /submit HTTP/1.1\r\nHost: example.test\r\n";
        return Stream.of(
                bad("Content-Length and Transfer-Encoding", post
                        + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                bad("Transfer-Encoding and Content-Length", post
                        + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"),
                bad("two different Content-Length lines", post
                        + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"),
                bad("two identical Content-Length lines", post
                        + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello"),
                bad("Content-Length list of equal values", post + "Content-Length: 5, 5\r\n\r\nhello"),
                bad("Content-Length list of different values", post + "Content-Length: 5, 6\r\n\r\nhello!"),
                bad("Content-Length not a number", post + "Content-Length: +5\r\n\r\nhello"),
                bad("Transfer-Encoding gzip alone", post + "Transfer-Encoding: gzip\r\n\r\nhello"),
                bad("Transfer-Encoding chunked not last", post
                        + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n"),
                bad("Transfer-Encoding chunked twice in a list", post
                        + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n"),
                bad("Transfer-Encoding chunked on two lines", post
                        + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                bad("Transfer-Encoding xchunked", post + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"),
                bad("Transfer-Encoding on HTTP/1.0", "POST /submit HTTP/1.0\r\nHost: example.test\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                bad("whitespace before a colon", "GET / HTTP/1.1\r\nHost: example.test\r\nX-Test : 1\r\n\r\n"),
                bad("whitespace before the Host colon", "GET / HTTP/1.1\r\nHost : example.test\r\n\r\n"),
                bad("obs-fold with a space", "GET / HTTP/1.1\r\nHost: example.test\r\nX-Test: a\r\n b\r\n\r\n"),
                bad("obs-fold with a tab", "GET / HTTP/1.1\r\nHost: example.test\r\nX-Test: a\r\n\tb\r\n\r\n"),
                bad("control character in a value", "GET / HTTP/1.1\r\nHost: example.test\r\nX-Test: a\u0001b\r\n\r\n"),
                bad("NUL in a value", "GET / HTTP/1.1\r\nHost: example.test\r\nX-Test: a\u0000b\r\n\r\n"),
                bad("bare CR in a value", "GET / HTTP/1.1\r\nHost: example.test\r\nX-Test: a\rb\r\n\r\n"),
                bad("control character in a name", "GET / HTTP/1.1\r\nHost: example.test\r\nX\u0001Test: a\r\n\r\n"),
                bad("NUL in a name", "GET / HTTP/1.1\r\nHost: example.test\r\nX\u0000Test: a\r\n\r\n"),
                bad("control character in Host", "GET / HTTP/1.1\r\nHost: exa\u0001mple.test\r\n\r\n"),
                bad("missing Host on HTTP/1.1", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n"),
                bad("two Host lines", "GET / HTTP/1.1\r\nHost: example.test\r\nHost: other.test\r\n\r\n"),
                bad("two identical Host lines", "GET / HTTP/1.1\r\nHost: example.test\r\nHost: example.test\r\n\r\n"),
                bad("Host list", "GET / HTTP/1.1\r\nHost: example.test, other.test\r\n\r\n"),
                bad("version without a minor digit", "GET / HTTP/1\r\nHost: example.test\r\n\r\n"),
                bad("version without a dot", "GET / HTTP/11\r\nHost: example.test\r\n\r\n"),
                bad("version with three numbers", "GET / HTTP/1.1.1\r\nHost: example.test\r\n\r\n"),
                bad("version in lower case", "GET / http/1.1\r\nHost: example.test\r\n\r\n"),
                bad("version of another protocol", "GET / FOO/1.1\r\nHost: example.test\r\n\r\n"),
                unsupported("HTTP/1.2", "GET / HTTP/1.2\r\nHost: example.test\r\n\r\n"),
                unsupported("HTTP/2.0 on a plain request line", "GET / HTTP/2.0\r\nHost: example.test\r\n\r\n"),
                unsupported("HTTP/3.0", "GET / HTTP/3.0\r\nHost: example.test\r\n\r\n"));
    }

    private static Arguments bad(String name, String request) {
        return Arguments.of(name, request, 400);
    }

    private static Arguments unsupported(String name, String request) {
        return Arguments.of(name, request, 505);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("ambiguousRequests")
    void ambiguousRequestIsRefusedByFulcrumAndNeverForwarded(String name, String request, int status)
            throws Exception {
        RawHttp.Exchange answer = RawHttp.exchange(proxy.port(), request, READ_TIMEOUT_MILLIS);

        assertRefused(answer, status);
        assertThat(backend.connections()).as("connections to the backend").isZero();
    }

    /**
     * HTTP/0.9 ({@code GET /} and nothing else) has no version to be unsupported: it is a request line that does not
     * parse as HTTP/1, so 400 with Fulcrum's body, as nginx answers, then the connection closes. A real HTTP/0.9
     * client would show those bytes as the document, which is as clear a refusal as it can understand.
     */
    @Test
    void http09IsAnsweredAsAMalformedRequest() throws Exception {
        RawHttp.Exchange answer = RawHttp.exchange(proxy.port(), "GET /\r\n", READ_TIMEOUT_MILLIS);

        assertRefused(answer, 400);
        assertThat(backend.connections()).isZero();
    }

    static Stream<Arguments> malformedChunkedBodies() {
        return Stream.of(
                Arguments.of("chunk size not hex", "zz\r\nhello\r\n0\r\n\r\n", false),
                Arguments.of("chunk size of 2^63", "8000000000000000\r\nhello\r\n0\r\n\r\n", false),
                Arguments.of("chunk size of 2^63 after 33 zeros", ZEROS_33 + "8000000000000000\r\nhello\r\n0\r\n\r\n",
                        false),
                Arguments.of("chunk size overflowing a long", "FFFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n", false),
                Arguments.of("chunk size of 2^64", "10000000000000000\r\nhello\r\n0\r\n\r\n", false),
                Arguments.of("chunk size of 2^128 after 33 zeros", ZEROS_33 + "1" + "0".repeat(32)
                        + "\r\nhello\r\n0\r\n\r\n", false),
                Arguments.of("overflowing chunk after a good one", "5\r\nhello\r\n" + ZEROS_33
                        + "10000000000000000\r\nworld\r\n0\r\n\r\n", true),
                Arguments.of("chunk size with a sign", "-5\r\nhello\r\n0\r\n\r\n", false),
                Arguments.of("bad chunk after a good one", "5\r\nhello\r\nzz\r\nworld\r\n0\r\n\r\n", true));
    }

    /**
     * The head is fine, so the servlet starts proxying; the body then fails to parse, and that is the client's fault:
     * 400, not 502, and no strike against the backend. Jetty's client reads the first body chunk before it writes
     * the request head, so a bad first chunk means the backend gets nothing but a connection that closes. A bad chunk
     * after good ones can only be cut off: the backend has the head and the good chunks, never a complete request.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedChunkedBodies")
    void malformedChunkedBodyIsTheClientsFault(String name, String body, boolean goodChunksFirst) throws Exception {
        RawHttp.Exchange answer = RawHttp.exchange(proxy.port(), "POST /submit HTTP/1.1\r\nHost: example.test\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + body, READ_TIMEOUT_MILLIS);

        assertRefused(answer, 400);
        await().atMost(Duration.ofSeconds(3)).until(() -> backend.connectionsEnded() == backend.connections());
        assertThat(backend.requests()).as("complete requests the backend received").isEmpty();
        if (!goodChunksFirst) {
            assertThat(backend.bytesReceived()).as("bytes the backend received").isZero();
        }
        assertThat(proxy.strikes()).as("passive health strikes").isEmpty();
        assertThat(log.messages()).as("log lines").noneMatch(line -> line.contains("backend b1"));
    }

    /**
     * RFC 9112 7.1 allows any number of leading zeros in a chunk size. Fulcrum reads the size by its value, and since
     * it frames the body anew towards the backend, the backend gets exactly the bytes those values frame: here a
     * request whose sizes a parser reading only 16 digits would take for the last chunk, followed on the same
     * connection by a second request that must stay a request of its own.
     */
    @Test
    void chunkSizesWithLeadingZerosAreReadByValue() throws Exception {
        String data = "x".repeat(0xe3);
        String chunked = "POST /zeros HTTP/1.1\r\nHost: example.test\r\nTransfer-Encoding: chunked\r\n\r\n"
                + ZEROS_33 + "e3\r\n" + data + "\r\n" + ZEROS_33 + "5;ext=1\r\nhello\r\n" + ZEROS_33 + "\r\n\r\n";
        String next = "GET /next HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n";

        try (Socket socket = RawHttp.connect(proxy.port())) {
            RawHttp.send(socket, chunked + next);
            assertThat(RawHttp.read(socket, false).status()).isEqualTo(200);
            assertThat(RawHttp.read(socket, true).status()).isEqualTo(200);
        }

        assertThat(backend.requests()).extracting(head -> head.substring(0, head.indexOf('\r')))
                .containsExactlyInAnyOrder("POST /zeros HTTP/1.1", "GET /next HTTP/1.1");
        int post = backend.requests().get(0).startsWith("POST") ? 0 : 1;
        assertThat(backend.bodies().get(post)).asString(StandardCharsets.ISO_8859_1).isEqualTo(data + "hello");
        assertThat(backend.bodies().get(1 - post)).isEmpty();
    }

    /** A size past --max-body is refused when its line is read, before any byte of that chunk is taken. */
    @Test
    void chunkSizeBeyondTheBodyLimitIs413AndNotForwarded() throws Exception {
        proxy.close();
        proxy = TestProxy.start(TestProxy.SETTINGS.withLimits(ClientLimits.DEFAULTS.withMaxBodySize(1024)),
                backend.port());

        RawHttp.Exchange answer = RawHttp.exchange(proxy.port(), "POST /big HTTP/1.1\r\nHost: example.test\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + ZEROS_33 + "401\r\n" + "x".repeat(100), READ_TIMEOUT_MILLIS);

        assertRefused(answer, 413);
        await().atMost(Duration.ofSeconds(3)).until(() -> backend.connectionsEnded() == backend.connections());
        assertThat(backend.bytesReceived()).as("bytes the backend received").isZero();
        assertThat(proxy.strikes()).isEmpty();
    }

    /** The control: the same proxy and backend pass well-formed requests of each framing. */
    @Test
    void wellFormedRequestsOfEachFramingAreForwarded() throws Exception {
        String[] requests = {
            "GET /plain HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n",
            "GET /old HTTP/1.0\r\n\r\n",
            // RFC 9112 2.2 lets a recipient take a bare LF as a line end; Fulcrum writes its own head to the backend,
            // so the leniency cannot reach a backend as an ambiguity.
            "GET /lf HTTP/1.1\nHost: example.test\nConnection: close\n\n",
            "POST /length HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello",
            "POST /chunked HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n0\r\n\r\n",
        };
        for (String request : requests) {
            RawHttp.Exchange answer = RawHttp.exchange(proxy.port(), request, READ_TIMEOUT_MILLIS);
            assertThat(answer.status()).as(request).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("ok\n");
        }
        assertThat(backend.requests()).extracting(head -> head.substring(0, head.indexOf('\r')))
                .containsExactly("GET /plain HTTP/1.1", "GET /old HTTP/1.1", "GET /lf HTTP/1.1", "POST /length HTTP/1.1",
                        "POST /chunked HTTP/1.1");
    }

    private static void assertRefused(RawHttp.Exchange answer, int status) {
        assertThat(answer.status()).as("status of: %s", answer.raw()).isEqualTo(status);
        assertThat(answer.closed()).as("connection closed after the answer").isTrue();
        assertThat(answer.headerNames()).as("headers").doesNotContain("server").contains("x-request-id");
        String requestId = answer.header("X-Request-Id").orElseThrow();
        assertThat(answer.body()).as("body")
                .startsWith(status + " ")
                .endsWith("(request " + requestId + ")\n")
                .doesNotContain("Jetty", "<html", "Exception", "\tat ");
    }
}
