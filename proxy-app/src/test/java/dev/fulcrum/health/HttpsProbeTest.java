package dev.fulcrum.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.pool.Backend;
import dev.fulcrum.testing.HttpsBackend;
import dev.fulcrum.testing.Resources;
import dev.fulcrum.testing.TestCertificates;
import dev.fulcrum.testing.TestCertificates.Issued;
import dev.fulcrum.time.TimeSource;
import dev.fulcrum.tls.BackendTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Health probes of an {@code https://} backend trust it exactly as the proxy does ({@link BackendTls}). */
class HttpsProbeTest {

    private static final HealthCheckSettings SETTINGS =
            new HealthCheckSettings("/health", Duration.ofSeconds(1), Duration.ofSeconds(2), 2, 3);

    @TempDir
    static Path dir;

    private static Issued selfSigned;

    @RegisterExtension
    final Resources running = new Resources();

    @BeforeAll
    static void makeCertificate() {
        selfSigned = TestCertificates.leaf("127.0.0.1").selfSigned();
    }

    private ProbeResult probe(BackendTls tls) throws Exception {
        HttpsBackend backend = running.add(new HttpsBackend("secure", selfSigned));
        HttpClient client = HttpHealthProbe.newClient(SETTINGS, tls);
        client.start();
        running.add(client::stop);
        return new HttpHealthProbe(client, SETTINGS, TimeSource.SYSTEM)
                .probe(new Backend(1, "b1", backend.uri(), 1, true)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSelfSignedBackendFailsItsCheckWithoutItsCertificate() throws Exception {
        ProbeResult result = probe(BackendTls.VERIFIED);

        assertThat(result.passed()).isFalse();
        assertThat(result.error()).isEqualTo("TLS handshake failed: certificate not trusted");
    }

    @Test
    void aSelfSignedBackendPassesWithItsCertificateInTheBundle() throws Exception {
        ProbeResult result = probe(BackendTls.trusting(selfSigned.writeCertificate(dir.resolve("ca.pem"))));

        assertThat(result.passed()).as(result.error()).isTrue();
        assertThat(result.status()).isEqualTo(200);
    }

    @Test
    void aSelfSignedBackendPassesWhenCheckingIsOff() throws Exception {
        assertThat(probe(BackendTls.INSECURE).passed()).isTrue();
    }
}
