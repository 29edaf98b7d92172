package dev.fulcrum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.admin.AdminClient;
import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.testing.HttpsBackend;
import dev.fulcrum.testing.RawHttp;
import dev.fulcrum.testing.Resources;
import dev.fulcrum.testing.TestCertificates;
import dev.fulcrum.testing.TestCertificates.Issued;
import dev.fulcrum.testing.TestCertificates.KeyForm;
import dev.fulcrum.testing.TlsClients;
import dev.fulcrum.time.TimeSource;
import dev.fulcrum.tls.BackendTls;
import dev.fulcrum.tls.CertificateFiles;
import dev.fulcrum.tls.ServerCertificates;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole Fulcrum with TLS on the proxy and the admin port, its certificate renewed on disk while clients keep
 * coming: the new certificate is served within 10 s by the real schedule, no request fails, and a connection opened
 * before the renewal goes on with the certificate it began with.
 */
class TlsEndToEndTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final Resources running = new Resources();

    private Issued authority;
    private CertificateFiles files;
    private SSLContext client;

    @BeforeEach
    void makeCertificate() {
        authority = TestCertificates.authority("Test CA");
        files = new CertificateFiles(dir.resolve("fullchain.pem"), dir.resolve("privkey.pem"));
        TestCertificates.leaf("localhost", "127.0.0.1").signedBy(authority).write(files.certificate(), files.key(),
                KeyForm.PKCS8);
        client = TlsClients.trusting(authority.certificate());
    }

    /** HTTPS only on the proxy, the admin port over TLS too, in front of these backends. */
    private FulcrumServer start(BackendTls backendTls, URI... backends) throws Exception {
        TlsSettings tls = new TlsSettings(ServerCertificates.load(List.of(files), TimeSource.SYSTEM), 0, false, false,
                true);
        return running.add(TestServers.start(TestServers.fastChecks(tls, backendTls), null, List.of(backends)));
    }

    private URI demoBackend(String name) throws Exception {
        DemoBackend backend = running.add(new DemoBackend("127.0.0.1", 0, name));
        backend.start();
        return TestServers.local(backend.port());
    }

    /** One request on a connection of its own; the serial of the certificate it was served with. */
    private BigInteger oneRequest(int port) throws Exception {
        try (SSLSocket tls = TlsClients.connect(client, port, null)) {
            RawHttp.send(tls, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            RawHttp.Reply reply = RawHttp.read(tls, false);
            if (reply.status() != 200) {
                throw new AssertionError("status " + reply.status());
            }
            return TlsClients.peer(tls).getSerialNumber();
        }
    }

    @Test
    void aRenewedCertificateIsServedWithin10SecondsAndNoRequestFails() throws Exception {
        FulcrumServer server = start(BackendTls.VERIFIED, demoBackend("one"), demoBackend("two"));
        int port = server.proxyTlsPort();
        assertThat(server.proxyPort()).isEqualTo(-1);
        BigInteger first = oneRequest(port);

        // Load: new connections one after another, and one kept-alive client, until the test says stop.
        Set<BigInteger> seen = ConcurrentHashMap.newKeySet();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger kept = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        HttpClient keptAlive = TlsClients.http1(client);
        Thread connections = new Thread(() -> {
            while (!stop.get()) {
                try {
                    seen.add(oneRequest(port));
                } catch (Throwable t) {
                    failures.add(t);
                }
            }
        }, "new-connections");
        Thread sameConnection = new Thread(() -> {
            while (!stop.get()) {
                try {
                    HttpResponse<String> response = keptAlive.send(HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + port + "/")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new AssertionError("status " + response.statusCode());
                    }
                    kept.incrementAndGet();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }
        }, "kept-alive");
        SSLSocket openBefore = TlsClients.connect(client, port, null);
        running.add(openBefore);
        connections.start();
        sameConnection.start();

        Issued renewed = TestCertificates.leaf("localhost", "127.0.0.1").signedBy(authority)
                .write(files.certificate(), files.key(), KeyForm.TRADITIONAL);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(renewed.serial()));
        } finally {
            stop.set(true);
            connections.join(10_000);
            sameConnection.join(10_000);
        }

        assertThat(failures).isEmpty();
        assertThat(kept.get()).isPositive();
        assertThat(seen).contains(first, renewed.serial());
        // Opened before the renewal, used after it: still served, with the certificate it began with.
        RawHttp.send(openBefore, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(RawHttp.read(openBefore, false).status()).isEqualTo(200);
        assertThat(TlsClients.peer(openBefore).getSerialNumber()).isEqualTo(first);

        JsonNode served = new AdminClient(server.adminPort(), null, client).get("/api/tls").json()
                .get("certificates").get(0);
        assertThat(served.get("serial").asText()).isEqualToIgnoringCase(renewed.serial().toString(16));
        assertThat(served.get("names")).extracting(JsonNode::asText).containsExactly("localhost", "127.0.0.1");
        assertThat(served.get("expiresSoon").asBoolean()).isFalse();
        assertThat(served.get("daysLeft").asLong()).isBetween(88L, 90L);
        assertThat(served.get("reloadError").isNull()).isTrue();
    }

    @Test
    void theAdminApiIsServedOverTlsOnly() throws Exception {
        FulcrumServer server = start(BackendTls.VERIFIED);

        assertThat(new AdminClient(server.adminPort(), null, client).get("/api/backends").status()).isEqualTo(200);
        RawHttp.Exchange plain = RawHttp.exchange(server.adminPort(), "GET /api/backends HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n", 5_000);
        assertThat(plain.status()).isNotEqualTo(200);
    }

    @Test
    void anHttpsBackendWithCheckingOffIsServedProbedAndFlaggedInTheApi() throws Exception {
        HttpsBackend secure = running.add(new HttpsBackend("secure", TestCertificates.leaf("127.0.0.1")
                .selfSigned()));
        FulcrumServer server = start(BackendTls.INSECURE, secure.uri(), demoBackend("plain"));
        AdminClient api = new AdminClient(server.adminPort(), null, client);

        await().until(() -> api.get("/api/backends/1").json().get("health").asText().equals("up"));
        JsonNode backends = api.get("/api/backends").json();
        assertThat(backends.get(0).get("tls").asText()).isEqualTo("unverified");
        assertThat(backends.get(1).get("tls").isNull()).isTrue();
        HttpResponse<String> response = TlsClients.http1(client).send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + server.proxyTlsPort() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).isEqualTo("secure over https\n");
    }

    @Test
    void withoutTlsTheCertificateListIsEmpty() throws Exception {
        FulcrumServer server = TestServers.startInMemory(null, List.of());
        running.add(server);

        assertThat(new AdminClient(server.adminPort(), null).get("/api/tls").json().get("certificates")).isEmpty();
        assertThat(server.proxyTlsPort()).isEqualTo(-1);
    }
}
