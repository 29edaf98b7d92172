package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.testing.LogCapture;
import dev.fulcrum.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every request target RFC 9112 and 3986 allow reaches the backend byte for byte, as the README promises ("path and
 * query are passed exactly as the client sent them"), and the access log shows it as sent; only what is really
 * malformed is refused, and that never reaches a backend.
 */
class PathForwardingTest {

    private static final int READ_TIMEOUT_MILLIS = 3_000;

    private final LogCapture accessLog = LogCapture.accessLog();
    private RecordingBackend backend;
    private TestProxy proxy;

    @BeforeEach
    void start() throws Exception {
        backend = new RecordingBackend();
        proxy = TestProxy.start(TestProxy.SETTINGS.withAccessLog(true), backend.port());
    }

    @AfterEach
    void stop() throws Exception {
        accessLog.close();
        proxy.close();
        backend.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/a%2Fb", "/a//b", "//x", "/a%25b", "/%e9", "/a%5Cb", "/%2e", "/a/%2e%2e/b", "/..;/x",
        "/..", "/%2e%2e/x", "/a/b/../../../x", "/a;v=1/b", "/x?q=%2F%25&r=/?s&t[]=1", "/..;/x?q=1"})
    void validTargetReachesTheBackendByteForByte(String target) throws Exception {
        RawHttp.Exchange answer = RawHttp.exchange(proxy.port(), "GET " + target + " HTTP/1.1\r\n"
                + "Host: example.test\r\nConnection: close\r\n\r\n", READ_TIMEOUT_MILLIS);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        assertThat(backend.requests()).hasSize(1);
        assertThat(backend.requests().get(0)).startsWith("GET " + target + " HTTP/1.1\r\n");
        await().untilAsserted(() -> assertThat(accessLog.messages())
                .anyMatch(line -> line.contains(" GET " + target + " -> b1 200 ")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/a\\b", "/a\"b", "/a{b}", "/x[1]", "/a#fragment", "/\u00e9", "/a%", "/a%zz", "/a%u002e",
        "/a%00b", "/x?a=%zz", "/x?a|b", "/a\u0001b", "/a\tb", "http://other.test/x", "http://user@example.test/x"})
    void malformedTargetIs400AndNotForwarded(String target) throws Exception {
        RawHttp.Exchange answer = RawHttp.exchange(proxy.port(), "GET " + target + " HTTP/1.1\r\n"
                + "Host: example.test\r\n\r\n", READ_TIMEOUT_MILLIS);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.closed()).isTrue();
        assertThat(answer.body()).startsWith("400 Bad Request: ");
        assertThat(backend.connections()).as("connections to the backend").isZero();
    }
}
