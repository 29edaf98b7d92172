package dev.fulcrum.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.LogCapture;
import dev.fulcrum.testing.TestCertificates;
import dev.fulcrum.testing.TestCertificates.Issued;
import dev.fulcrum.testing.TestCertificates.KeyForm;
import dev.fulcrum.time.ManualTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reload of renewed certificate files, driven check by check on a test clock: a new pair is served after two
 * checks that saw the same bytes, a broken one is logged once and the old pair kept, and every listener's factory
 * gets the new key store. (The end-to-end test sees a rotation under load on real sockets and a real schedule.)
 */
class ServerCertificatesTest {

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime();
    private final LogCapture log = new LogCapture(ServerCertificates.class);
    private CertificateFiles files;
    private Issued first;

    @BeforeEach
    void writeFirst() {
        files = new CertificateFiles(dir.resolve("fullchain.pem"), dir.resolve("privkey.pem"));
        first = leaf().write(files.certificate(), files.key(), KeyForm.PKCS8);
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    private TestCertificates.Spec leaf() {
        return TestCertificates.leaf("a.test").validFrom(time.now().minus(Duration.ofDays(1)))
                .validUntil(time.now().plus(Duration.ofDays(90)));
    }

    private static X509Certificate served(SslContextFactory.Server factory) throws Exception {
        KeyStore store = factory.getKeyStore();
        return (X509Certificate) store.getCertificate(store.aliases().nextElement());
    }

    @Test
    void aRenewedPairIsServedOnceTwoChecksSawTheSameBytes() throws Exception {
        ServerCertificates certificates = ServerCertificates.load(List.of(files), time);
        SslContextFactory.Server factory = certificates.newServerFactory();
        time.advance(Duration.ofDays(60));

        Issued renewed = leaf().write(files.certificate(), files.key(), KeyForm.TRADITIONAL);
        certificates.check();
        assertThat(served(factory)).isEqualTo(first.certificate());
        certificates.check();

        assertThat(served(factory)).isEqualTo(renewed.certificate());
        ServerCertificates.Status status = certificates.status().get(0);
        assertThat(status.certificate().leaf()).isEqualTo(renewed.certificate());
        assertThat(status.loadedAt()).isEqualTo(time.now());
        assertThat(status.reloadError()).isNull();
        assertThat(log.messages()).anyMatch(line -> line.startsWith("INFO reloaded " + files.certificate()
                + " for [a.test] (serial " + renewed.serial().toString(16).toUpperCase()));
    }

    @Test
    void unchangedFilesReloadNothing() throws Exception {
        ServerCertificates certificates = ServerCertificates.load(List.of(files), time);
        SslContextFactory.Server factory = certificates.newServerFactory();
        KeyStore before = factory.getKeyStore();

        certificates.check();
        certificates.check();

        assertThat(factory.getKeyStore()).isSameAs(before);
        assertThat(log.messages()).noneMatch(line -> line.contains("reloaded"));
    }

    @Test
    void aKeyNotYetWrittenIsWaitedForNotReported() {
        ServerCertificates certificates = ServerCertificates.load(List.of(files), time);
        Issued renewed = leaf().selfSigned();
        renewed.writeCertificate(files.certificate());
        certificates.check();
        renewed.writeKey(files.key(), KeyForm.PKCS8);
        certificates.check();
        certificates.check();

        assertThat(certificates.status().get(0).certificate().leaf()).isEqualTo(renewed.certificate());
        assertThat(log.messages()).noneMatch(line -> line.startsWith("ERROR"));
    }

    @Test
    void aBrokenPairIsLoggedOnceAndTheOldOneKeptUntilItIsFixed() throws Exception {
        ServerCertificates certificates = ServerCertificates.load(List.of(files), time);
        SslContextFactory.Server factory = certificates.newServerFactory();
        leaf().selfSigned().writeCertificate(files.certificate());

        for (int i = 0; i < 5; i++) {
            certificates.check();
        }

        assertThat(served(factory)).isEqualTo(first.certificate());
        String problem = files.key() + ": the key does not match the certificate in " + files.certificate();
        assertThat(certificates.status().get(0).reloadError()).isEqualTo(problem);
        assertThat(log.messages()).filteredOn(line -> line.startsWith("ERROR")).containsExactly("ERROR " + problem
                + "; still serving the certificate loaded at " + certificates.status().get(0).loadedAt() + " (serial "
                + first.serial().toString(16).toUpperCase() + ", expires "
                + ServerCertificate.formatted(first.certificate().getNotAfter().toInstant()) + ")");

        Issued fixed = leaf().write(files.certificate(), files.key(), KeyForm.PKCS8);
        certificates.check();
        certificates.check();
        assertThat(served(factory)).isEqualTo(fixed.certificate());
        assertThat(certificates.status().get(0).reloadError()).isNull();
    }

    @Test
    void aDeletedFileIsReportedAndTheCertificateKept() throws Exception {
        ServerCertificates certificates = ServerCertificates.load(List.of(files), time);
        Files.delete(files.key());
        certificates.check();
        certificates.check();

        assertThat(certificates.status().get(0).certificate().leaf()).isEqualTo(first.certificate());
        assertThat(certificates.status().get(0).reloadError()).isEqualTo(files.key() + ": no such file");

        first.writeKey(files.key(), KeyForm.PKCS8);
        certificates.check();
        assertThat(certificates.status().get(0).reloadError()).isNull();
    }

    @Test
    void anExpiredRenewalIsRefused() {
        ServerCertificates certificates = ServerCertificates.load(List.of(files), time);
        leaf().validUntil(time.now().minus(Duration.ofHours(1))).write(files.certificate(), files.key(),
                KeyForm.PKCS8);
        certificates.check();
        certificates.check();

        assertThat(certificates.status().get(0).certificate().leaf()).isEqualTo(first.certificate());
        assertThat(certificates.status().get(0).reloadError()).contains(": the certificate expired on ");
    }

    @Test
    void onlyTheChangedPairOfSeveralIsReloaded() throws Exception {
        CertificateFiles other = new CertificateFiles(dir.resolve("b.pem"), dir.resolve("b.key"));
        Issued second = TestCertificates.leaf("b.test").selfSigned().write(other.certificate(), other.key(),
                KeyForm.PKCS8);
        ServerCertificates certificates = ServerCertificates.load(List.of(files, other), time);
        SslContextFactory.Server factory = certificates.newServerFactory();

        Issued renewed = TestCertificates.leaf("b.test").selfSigned().write(other.certificate(), other.key(),
                KeyForm.PKCS8);
        certificates.check();
        certificates.check();

        KeyStore store = factory.getKeyStore();
        assertThat(store.getCertificate("cert-0")).isEqualTo(first.certificate());
        assertThat(store.getCertificate("cert-1")).isEqualTo(renewed.certificate()).isNotEqualTo(second.certificate());
    }

    @Test
    void aCertificateCloseToExpiryIsWarnedAboutAtStart() {
        leaf().validUntil(time.now().plus(Duration.ofDays(10)).plus(Duration.ofHours(1)))
                .write(files.certificate(), files.key(), KeyForm.PKCS8);

        ServerCertificates.load(List.of(files), time);

        assertThat(log.messages()).anyMatch(line -> line.startsWith("WARN serving " + files.certificate())
                && line.endsWith("in 10 day(s); renew it"));
    }
}
