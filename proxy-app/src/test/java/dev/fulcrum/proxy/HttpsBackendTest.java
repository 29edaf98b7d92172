package dev.fulcrum.proxy;

import static dev.fulcrum.server.TestServers.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.pool.Backend;
import dev.fulcrum.testing.HttpsBackend;
import dev.fulcrum.testing.LogCapture;
import dev.fulcrum.testing.TestCertificates;
import dev.fulcrum.testing.TestCertificates.Issued;
import dev.fulcrum.testing.WebSocketClient;
import dev.fulcrum.tls.BackendTls;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code https://} backends with certificates made here: a self-signed one is refused unless its certificate is in
 * the {@code --backend-ca} bundle or checking is off, and a refused handshake is a backend failure like a refused
 * connection: a strike, a retry on the next backend, a log line with the backend's name and the reason in a user's
 * words.
 */
class HttpsBackendTest {

    @TempDir
    static Path dir;

    private static Issued authority;
    private static Issued selfSigned;

    @RegisterExtension
    final ProxyUnderTest proxy = new ProxyUnderTest();

    private final LogCapture servletLog = new LogCapture(BalancingProxyServlet.class);
    private final LogCapture accessLog = LogCapture.accessLog();

    @BeforeAll
    static void makeCertificates() {
        authority = TestCertificates.authority("Backend CA");
        selfSigned = TestCertificates.leaf("127.0.0.1").selfSigned();
    }

    /** A proxy in front of these backends, b1, b2, ... in order, with the access log on. */
    private void start(BackendTls tls, URI... backends) throws Exception {
        proxy.add(servletLog);
        proxy.add(accessLog);
        proxy.start(TestProxy.SETTINGS.withAccessLog(true).withBackendTls(tls));
        List<Backend> pool = new java.util.ArrayList<>();
        for (int i = 0; i < backends.length; i++) {
            pool.add(new Backend(i + 1, "b" + (i + 1), backends[i], 1, true));
        }
        proxy.pool().replaceAll(pool);
    }

    private HttpResponse<String> get() throws Exception {
        return proxy.send(HttpRequest.newBuilder(proxy.uri("/")));
    }

    @Test
    void aWebSocketIsRelayedBothWaysToAnHttpsBackendTrustedThroughBackendCa() throws Exception {
        HttpsBackend backend = proxy.started(new HttpsBackend("secure", selfSigned));
        start(BackendTls.trusting(selfSigned.writeCertificate(dir.resolve("ws-backend-ca.pem"))), backend.uri());
        WebSocketClient client = proxy.started(WebSocketClient.open(
                URI.create("ws://127.0.0.1:" + proxy.port() + "/ws")));
        byte[] binary = new byte[1024 * 1024];
        Arrays.fill(binary, (byte) 9);

        assertThat(client.echo("to a backend over tls")).isEqualTo("to a backend over tls");
        assertThat(client.echo(binary)).isEqualTo(binary);
        assertThat(client.echo("and back")).isEqualTo("and back");
        assertThat(proxy.strikes()).isEmpty();
        client.close();
        await().until(() -> proxy.pool().load(1).inFlight() == 0);
    }

    @Test
    void aSelfSignedBackendIsRefusedWithoutItsCertificateAndTheNextBackendServes() throws Exception {
        HttpsBackend untrusted = proxy.started(new HttpsBackend("secure", selfSigned));
        CountingBackend plain = proxy.started(new CountingBackend("plain"));
        start(BackendTls.VERIFIED, untrusted.uri(), local(plain.port()));

        HttpResponse<String> response = get();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("plain");
        assertThat(proxy.strikes()).containsExactly("b1");
        assertThat(servletLog.messages()).contains("WARN backend b1: TLS handshake failed: certificate not trusted");
    }

    @Test
    void withNoOtherBackendTheClientGets502AndTheAccessLogSaysWhy() throws Exception {
        HttpsBackend untrusted = proxy.started(new HttpsBackend("secure", selfSigned));
        start(BackendTls.VERIFIED, untrusted.uri());

        assertThat(get().statusCode()).isEqualTo(502);
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(accessLog.messages())
                .anyMatch(line -> line.contains(" -> b1 502 ") && line.endsWith(
                        "(TLS handshake failed: certificate not trusted)")));
    }

    @Test
    void aSelfSignedBackendIsServedWithItsCertificateInTheBundle() throws Exception {
        HttpsBackend backend = proxy.started(new HttpsBackend("secure", selfSigned));
        start(BackendTls.trusting(selfSigned.writeCertificate(dir.resolve("backend-ca.pem"))), backend.uri());

        HttpResponse<String> response = get();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("secure over https\n");
        assertThat(proxy.strikes()).isEmpty();
    }

    @Test
    void aSelfSignedBackendIsServedWhenCheckingIsOff() throws Exception {
        HttpsBackend backend = proxy.started(new HttpsBackend("secure", selfSigned));
        start(BackendTls.INSECURE, backend.uri());

        assertThat(get().body()).isEqualTo("secure over https\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "expired,       TLS handshake failed: certificate expired",
        "other name,    TLS handshake failed: certificate does not match the host name",
    })
    void aCertificateFromTheTrustedAuthorityMustStillBeValid(String what, String reason) throws Exception {
        TestCertificates.Spec spec = what.equals("expired")
                ? TestCertificates.leaf("127.0.0.1").validFrom(Instant.now().minus(Duration.ofDays(30)))
                        .validUntil(Instant.now().minus(Duration.ofDays(1)))
                : TestCertificates.leaf("backend.test");
        HttpsBackend backend = proxy.started(new HttpsBackend("secure", spec.signedBy(authority)));
        start(BackendTls.trusting(authority.writeCertificate(dir.resolve("authority.pem"))), backend.uri());

        assertThat(get().statusCode()).isEqualTo(502);
        assertThat(servletLog.messages()).contains("WARN backend b1: " + reason);
        assertThat(proxy.strikes()).containsExactly("b1");
    }

    @Test
    void aBackendThatNeverAnswersTheHandshakeIsNoHang() throws Exception {
        SilentBackend silent = proxy.started(new SilentBackend());
        CountingBackend plain = proxy.started(new CountingBackend("plain"));
        start(BackendTls.VERIFIED, URI.create("https://127.0.0.1:" + silent.port()), local(plain.port()));

        HttpResponse<String> response = get();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("plain");
    }
}
