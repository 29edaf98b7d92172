package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.proxy.connection.ClientLimits;
import dev.fulcrum.testing.RawHttp;
import dev.fulcrum.testing.Resources;
import dev.fulcrum.testing.TestCertificates;
import dev.fulcrum.testing.TestCertificates.Issued;
import dev.fulcrum.testing.TestCertificates.KeyForm;
import dev.fulcrum.testing.TlsClients;
import dev.fulcrum.time.TimeSource;
import dev.fulcrum.tls.CertificateFiles;
import dev.fulcrum.tls.ServerCertificates;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The proxy's TLS port over real handshakes with certificates made here: HTTPS to backends round-robin, what the
 * backend is told, the certificate chosen by SNI, old protocols and weak suites refused, resumption on,
 * renegotiation off, HTTPS only, the plain port redirecting, and the header timeout on a TLS connection.
 */
class HttpsListenerTest {

    @TempDir
    static Path dir;

    /** The default certificate (first given), for localhost and 127.0.0.1; one for a.test; a wildcard one. */
    private static Issued site;
    private static Issued named;
    private static Issued wildcard;
    private static Issued rsaOnly;

    @RegisterExtension
    final ProxyUnderTest proxy = new ProxyUnderTest();

    @RegisterExtension
    final Resources running = new Resources();

    @BeforeAll
    static void makeCertificates() {
        site = TestCertificates.leaf("localhost", "127.0.0.1").write(dir.resolve("site.pem"), dir.resolve("site.key"),
                KeyForm.PKCS8);
        named = TestCertificates.leaf("a.test").write(dir.resolve("a.pem"), dir.resolve("a.key"), KeyForm.TRADITIONAL);
        wildcard = TestCertificates.leaf("*.b.test").write(dir.resolve("b.pem"), dir.resolve("b.key"), KeyForm.PKCS8);
        rsaOnly = TestCertificates.leaf("rsa.test").rsa().write(dir.resolve("rsa.pem"), dir.resolve("rsa.key"),
                KeyForm.TRADITIONAL);
    }

    private static SslContextFactory.Server serving(String... names) {
        List<CertificateFiles> pairs = new ArrayList<>();
        for (String name : names) {
            pairs.add(new CertificateFiles(dir.resolve(name + ".pem"), dir.resolve(name + ".key")));
        }
        return ServerCertificates.load(pairs, TimeSource.SYSTEM).newServerFactory();
    }

    private TestProxy httpsOnly(ProxySettings settings, int... backends) throws Exception {
        return running.add(TestProxy.start(new ListenerSettings("127.0.0.1", ListenerSettings.NONE, 0,
                serving("site", "a", "b", "rsa"), false), settings, backends));
    }

    private static String body(HttpClient client, TestProxy proxy, String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(proxy.httpsUri(path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        return response.body();
    }

    @Test
    void theJdkClientGets200OverHttpsRoundRobin() throws Exception {
        CountingBackend one = running.add(new CountingBackend("one"));
        CountingBackend two = running.add(new CountingBackend("two"));
        TestProxy https = httpsOnly(TestProxy.SETTINGS, one.port(), two.port());
        HttpClient client = TlsClients.http1(TlsClients.trusting(site.certificate()));

        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bodies.add(body(client, https, "/").trim());
        }

        assertThat(bodies).containsExactly("one", "two", "one", "two");
        assertThat(https.port()).isEqualTo(-1);
    }

    @Test
    void theBackendIsToldTheClientCameOverHttps() throws Exception {
        RecordingBackend backend = running.add(new RecordingBackend());
        TestProxy both = running.add(TestProxy.start(new ListenerSettings("127.0.0.1", 0, 0, serving("site"), false),
                TestProxy.SETTINGS, backend.port()));
        // A client's own claim is replaced either way: only a trusted proxy may say how the client came.
        String request = "GET / HTTP/1.1\r\nHost: fulcrum.test\r\nX-Forwarded-Proto: http\r\nConnection: close\r\n\r\n";

        try (SSLSocket tls = TlsClients.connect(TlsClients.trusting(site.certificate()), both.tlsPort(), null)) {
            RawHttp.send(tls, request);
            assertThat(RawHttp.read(tls, false).status()).isEqualTo(200);
        }
        RawHttp.exchange(both.port(), request.replace("Proto: http", "Proto: https"));

        assertThat(backend.requests()).hasSize(2);
        assertThat(backend.requests().get(0)).contains("\r\nX-Forwarded-Proto: https")
                .doesNotContain("X-Forwarded-Proto: http\r");
        assertThat(backend.requests().get(1)).contains("\r\nX-Forwarded-Proto: http").doesNotContain("https");
    }

    @ParameterizedTest(name = "SNI {0} -> {1}")
    @CsvSource(nullValues = "none", value = {
        "none,           site",
        "a.test,         a",
        "A.TEST,         a",
        "x.b.test,       b",
        "unknown.test,   site",
        "localhost,      site",
        "rsa.test,       rsa",
    })
    void theCertificateIsChosenByTheNameTheClientAsksFor(String serverName, String expected) throws Exception {
        TestProxy https = httpsOnly(TestProxy.SETTINGS, 1);
        Issued wanted = switch (expected) {
            case "a" -> named;
            case "b" -> wildcard;
            case "rsa" -> rsaOnly;
            default -> site;
        };

        try (SSLSocket tls = TlsClients.connect(TlsClients.trustingAnything(), https.tlsPort(), serverName)) {
            assertThat(TlsClients.peer(tls)).isEqualTo(wanted.certificate());
        }
    }

    @Test
    void aClientThatCannotUseTheFirstCertificatesKeyGetsTheFirstItCan() throws Exception {
        TestProxy https = httpsOnly(TestProxy.SETTINGS, 1);

        try (SSLSocket tls = TlsClients.connect(TlsClients.trustingAnything(), https.tlsPort(), null,
                List.of("TLSv1.2"), List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))) {
            assertThat(TlsClients.peer(tls)).isEqualTo(rsaOnly.certificate());
        }
    }

    /**
     * Suites the JDK's client still offers: one without forward secrecy (TLS_RSA), and CBC ones the intermediate
     * profile leaves out although Jetty's defaults allow them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"})
    void aWeakCipherSuiteIsRefused(String suite) throws Exception {
        TestProxy https = httpsOnly(TestProxy.SETTINGS, 1);

        assertThatThrownBy(() -> TlsClients.connect(TlsClients.trustingAnything(), https.tlsPort(), null,
                List.of("TLSv1.2"), List.of(suite)).close()).isInstanceOf(SSLException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLSv1.3, TLS_AES_256_GCM_SHA384", "TLSv1.3, TLS_CHACHA20_POLY1305_SHA256",
        "TLSv1.2, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLSv1.2, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"})
    void theSuitesOfTheProfileAreServed(String protocol, String suite) throws Exception {
        TestProxy https = httpsOnly(TestProxy.SETTINGS, 1);

        try (SSLSocket tls = TlsClients.connect(TlsClients.trustingAnything(), https.tlsPort(), null,
                List.of(protocol), List.of(suite))) {
            assertThat(tls.getSession().getProtocol()).isEqualTo(protocol);
            assertThat(tls.getSession().getCipherSuite()).isEqualTo(suite);
        }
    }

    /**
     * The JDK's client no longer offers TLS 1.1, so the hello is written by hand: TLS 1.1 is answered with an alert,
     * the same hello as TLS 1.2 (the control) with the server's hello.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLSv1.1, false", "TLSv1.2, true"})
    void tls11IsRefused(String version, boolean served) throws Exception {
        TestProxy https = httpsOnly(TestProxy.SETTINGS, 1);

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), https.tlsPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(ClientHello.of(version.equals("TLSv1.1") ? 0x0302 : 0x0303));
            socket.getOutputStream().flush();

            assertThat(ClientHello.answeredWithServerHello(socket.getInputStream())).isEqualTo(served);
        }
    }

    @Test
    void aSessionIsResumedOnTheNextConnection() throws Exception {
        TestProxy https = httpsOnly(TestProxy.SETTINGS, 1);
        SSLContext client = TlsClients.trusting(site.certificate());

        byte[] first;
        try (SSLSocket tls = TlsClients.connect(client, https.tlsPort(), null, List.of("TLSv1.2"), null)) {
            first = tls.getSession().getId();
        }
        try (SSLSocket tls = TlsClients.connect(client, https.tlsPort(), null, List.of("TLSv1.2"), null)) {
            assertThat(first).isNotEmpty();
            assertThat(tls.getSession().getId()).isEqualTo(first);
        }
    }

    @Test
    void renegotiationIsRefused() throws Exception {
        CountingBackend backend = running.add(new CountingBackend("one"));
        TestProxy https = httpsOnly(TestProxy.SETTINGS, backend.port());

        try (SSLSocket tls = TlsClients.connect(TlsClients.trusting(site.certificate()), https.tlsPort(), null,
                List.of("TLSv1.2"), null)) {
            RawHttp.send(tls, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(RawHttp.read(tls, false).status()).isEqualTo(200);

            assertThatThrownBy(() -> {
                tls.startHandshake();
                RawHttp.send(tls, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
                RawHttp.read(tls, false);
            }).isInstanceOf(IOException.class);
        }
        assertThat(backend.requests("GET")).isEqualTo(1);
    }

    @Test
    void thePlainPortRedirectsToHttpsKeepingPathAndQuery() throws Exception {
        CountingBackend backend = running.add(new CountingBackend("one"));
        TestProxy both = running.add(TestProxy.start(new ListenerSettings("127.0.0.1", 0, 0, serving("site"), true),
                TestProxy.SETTINGS, backend.port()));

        RawHttp.Reply get = RawHttp.exchange(both.port(), "GET /a%2Fb/c?x=1&y=%20 HTTP/1.1\r\nHost: shop.test:"
                + both.port() + "\r\nConnection: close\r\n\r\n");
        RawHttp.Reply post = RawHttp.exchange(both.port(), "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\nhi");

        assertThat(get.status()).isEqualTo(308);
        assertThat(get.header("Location")).isEqualTo("https://shop.test:" + both.tlsPort() + "/a%2Fb/c?x=1&y=%20");
        assertThat(post.status()).isEqualTo(308);
        assertThat(post.header("Location")).isEqualTo("https://127.0.0.1:" + both.tlsPort() + "/upload");
        assertThat(backend.requests("GET") + backend.requests("POST")).isZero();

        HttpClient client = TlsClients.http1(TlsClients.trusting(site.certificate()));
        assertThat(body(client, both, "/").trim()).isEqualTo("one");
    }

    @Test
    void aSlowHeadOverTlsGets408() throws Exception {
        ProxySettings settings = TestProxy.SETTINGS.withLimits(new ClientLimits(16 * 1024, 8 * 1024, -1,
                Duration.ofMillis(500), Duration.ofSeconds(60), 100));
        TestProxy https = httpsOnly(settings, 1);

        try (SSLSocket tls = TlsClients.connect(TlsClients.trusting(site.certificate()), https.tlsPort(), null)) {
            RawHttp.send(tls, "GET / HTTP/1.1\r\nHost: localhost\r\n");

            RawHttp.Reply reply = RawHttp.read(tls, true);
            assertThat(reply.status()).isEqualTo(408);
            assertThat(reply.closed()).isTrue();
        }
    }

    /** A TLS ClientHello written byte by byte, for a protocol version the JDK's client will not offer. */
    private static final class ClientHello {

        private ClientHello() {
        }

        /** @param version 0x0302 for TLS 1.1, 0x0303 for TLS 1.2 */
        static byte[] of(int version) {
            ByteArrayOutputStream extensions = new ByteArrayOutputStream();
            // supported_groups: secp256r1, x25519
            write(extensions, 0x00, 0x0a, 0x00, 0x06, 0x00, 0x04, 0x00, 0x17, 0x00, 0x1d);
            // ec_point_formats: uncompressed
            write(extensions, 0x00, 0x0b, 0x00, 0x02, 0x01, 0x00);
            // signature_algorithms: ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256
            write(extensions, 0x00, 0x0d, 0x00, 0x08, 0x00, 0x06, 0x04, 0x03, 0x08, 0x04, 0x04, 0x01);

            ByteArrayOutputStream hello = new ByteArrayOutputStream();
            write(hello, version >> 8, version & 0xff);
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            hello.writeBytes(random);
            write(hello, 0x00); // no session id
            // ECDHE-ECDSA with AES-128-GCM (TLS 1.2 only) and with AES-128-CBC-SHA (TLS 1.1 too)
            write(hello, 0x00, 0x04, 0xc0, 0x2b, 0xc0, 0x09);
            write(hello, 0x01, 0x00); // no compression
            write(hello, extensions.size() >> 8, extensions.size() & 0xff);
            hello.writeBytes(extensions.toByteArray());

            ByteArrayOutputStream record = new ByteArrayOutputStream();
            int length = hello.size() + 4;
            write(record, 0x16, 0x03, 0x01, length >> 8, length & 0xff);
            write(record, 0x01, 0x00, hello.size() >> 8, hello.size() & 0xff);
            record.writeBytes(hello.toByteArray());
            return record.toByteArray();
        }

        /** Whether the server answered with its hello; false for an alert or a closed connection. */
        static boolean answeredWithServerHello(InputStream in) throws IOException {
            DataInputStream data = new DataInputStream(in);
            int contentType;
            try {
                contentType = data.readUnsignedByte();
            } catch (IOException e) {
                return false;
            }
            data.skipNBytes(4); // version, length
            int first = data.readUnsignedByte();
            return contentType == 0x16 && first == 0x02;
        }

        private static void write(ByteArrayOutputStream out, int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
        }
    }
}
