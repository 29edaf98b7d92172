package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.RawHttp;
import dev.fulcrum.testing.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Headers that describe one connection stop at Fulcrum in both directions (RFC 9110 7.6.1), including any the
 * {@code Connection} header names, and the client's claims about who it is reach a backend only from a trusted
 * proxy: from anyone else {@code X-Forwarded-*} are replaced, not appended to.
 */
class HopByHopHeadersTest {

    @RegisterExtension
    final Resources running = new Resources();

    private static final List<String> HOP_BY_HOP = List.of("x-secret", "keep-alive", "te", "upgrade",
            "proxy-connection");
    private static final int READ_TIMEOUT_MILLIS = 3_000;


    @Test
    void hopByHopRequestHeadersDoNotReachTheBackend() throws Exception {
        RecordingBackend backend = backend(RecordingBackend.OK);
        TestProxy proxy = proxy(TestProxy.SETTINGS, backend);

        RawHttp.Exchange answer = RawHttp.exchange(proxy.port(), "GET /hop HTTP/1.1\r\nHost: example.test\r\n"
                + "Connection: close, Upgrade, X-Secret\r\nX-Secret: 1\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
                + "Upgrade: example/1\r\nProxy-Connection: keep-alive\r\nX-Kept: yes\r\n\r\n", READ_TIMEOUT_MILLIS);

        assertThat(answer.status()).isEqualTo(200);
        String head = backend.requests().get(0);
        assertThat(names(head)).as(head).doesNotContainAnyElementsOf(HOP_BY_HOP).contains("x-kept");
        assertThat(values(head, "Connection")).as(head).noneMatch(value -> value.toLowerCase(Locale.ROOT)
                .contains("x-secret"));
    }

    /**
     * An {@code Upgrade} that the {@code Connection} header does not name breaks RFC 9110 7.8 (its sender must also
     * send the {@code upgrade} option); Jetty 12.1 refuses such a request before the proxy sees it, which Fulcrum
     * keeps: a 400 of its own, the connection closed, nothing forwarded.
     */
    @Test
    void upgradeNotNamedByConnectionIsRefused() throws Exception {
        RecordingBackend backend = backend(RecordingBackend.OK);
        TestProxy proxy = proxy(TestProxy.SETTINGS, backend);

        RawHttp.Exchange answer = RawHttp.exchange(proxy.port(), "GET /hop HTTP/1.1\r\nHost: example.test\r\n"
                + "Connection: close, X-Secret\r\nX-Secret: 1\r\nUpgrade: websocket\r\n\r\n", READ_TIMEOUT_MILLIS);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).startsWith("400 Bad Request: malformed or ambiguous request (request ");
        assertThat(answer.closed()).isTrue();
        assertThat(backend.connections()).isZero();
    }

    @Test
    void hopByHopResponseHeadersDoNotReachTheClient() throws Exception {
        RecordingBackend backend = backend("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"
                + "Connection: keep-alive, X-Secret\r\nX-Secret: 1\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
                + "Upgrade: h2c\r\nProxy-Connection: keep-alive\r\nX-Kept: yes\r\n\r\nok\n");
        TestProxy proxy = proxy(TestProxy.SETTINGS, backend);

        RawHttp.Exchange answer = RawHttp.exchange(proxy.port(),
                "GET /hop HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n", READ_TIMEOUT_MILLIS);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("ok\n");
        assertThat(answer.headerNames()).as(answer.head()).doesNotContainAnyElementsOf(HOP_BY_HOP)
                .contains("x-kept");
        assertThat(answer.header("Connection")).as(answer.head()).hasValue("close");
    }

    @Test
    void untrustedClientsForwardingHeadersAreReplaced() throws Exception {
        RecordingBackend backend = backend(RecordingBackend.OK);
        TestProxy proxy = proxy(TestProxy.SETTINGS, backend);

        RawHttp.Exchange answer = RawHttp.exchange(proxy.port(), "GET /who HTTP/1.1\r\nHost: example.test\r\n"
                + "Connection: close\r\nX-Forwarded-For: 6.6.6.6\r\nX-Forwarded-For: 7.7.7.7\r\n"
                + "X-Forwarded-Proto: https\r\nX-Forwarded-Host: evil.test\r\nForwarded: for=6.6.6.6\r\n"
                + "X-Real-IP: 6.6.6.6\r\n\r\n", READ_TIMEOUT_MILLIS);

        assertThat(answer.status()).isEqualTo(200);
        String head = backend.requests().get(0);
        assertThat(values(head, "X-Forwarded-For")).as(head).containsExactly("127.0.0.1");
        assertThat(values(head, "X-Forwarded-Proto")).as(head).containsExactly("http");
        assertThat(values(head, "X-Forwarded-Host")).as(head).containsExactly("example.test");
        assertThat(names(head)).as(head).doesNotContain("forwarded", "x-real-ip");
        assertThat(head).doesNotContain("6.6.6.6", "7.7.7.7", "evil.test");
    }

    @Test
    void trustedProxysForwardedForIsExtended() throws Exception {
        RecordingBackend backend = backend(RecordingBackend.OK);
        TestProxy proxy = proxy(TestProxy.SETTINGS.withForwarding(TrustedProxies.parse("127.0.0.1/32"), null),
                backend);

        RawHttp.Exchange answer = RawHttp.exchange(proxy.port(), "GET /who HTTP/1.1\r\nHost: example.test\r\n"
                + "Connection: close\r\nX-Forwarded-For: 6.6.6.6\r\nX-Forwarded-For: 7.7.7.7\r\n"
                + "X-Forwarded-Proto: https\r\nX-Forwarded-Host: public.test\r\n\r\n", READ_TIMEOUT_MILLIS);

        assertThat(answer.status()).isEqualTo(200);
        String head = backend.requests().get(0);
        assertThat(values(head, "X-Forwarded-For")).as(head).containsExactly("6.6.6.6, 7.7.7.7, 127.0.0.1");
        assertThat(values(head, "X-Forwarded-Proto")).as(head).containsExactly("https");
        assertThat(values(head, "X-Forwarded-Host")).as(head).containsExactly("public.test");
    }

    private RecordingBackend backend(String response) throws Exception {
        RecordingBackend backend = new RecordingBackend(response, true);
        running.add(backend);
        return backend;
    }

    private TestProxy proxy(ProxySettings settings, RecordingBackend backend) throws Exception {
        TestProxy proxy = TestProxy.start(settings, backend.port());
        running.add(proxy);
        return proxy;
    }

    private static List<String> names(String head) {
        List<String> names = new ArrayList<>();
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                names.add(line.substring(0, colon).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static List<String> values(String head, String name) {
        List<String> values = new ArrayList<>();
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                values.add(line.substring(colon + 1).trim());
            }
        }
        return values;
    }
}
