package dev.fulcrum.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.testing.TestCertificates;
import dev.fulcrum.testing.TestCertificates.Issued;
import dev.fulcrum.testing.TestCertificates.KeyForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A certificate and key pair in every form Let's Encrypt, cert-manager and OpenSSL write them loads; every way the
 * files can be wrong is one line that names the file.
 */
class ServerCertificateTest {

    @TempDir
    Path dir;

    private CertificateFiles files() {
        return new CertificateFiles(dir.resolve("cert.pem"), dir.resolve("key.pem"));
    }

    @ParameterizedTest(name = "{0} key as {1}")
    @CsvSource({"EC, TRADITIONAL", "EC, PKCS8", "RSA, TRADITIONAL", "RSA, PKCS8"})
    void loadsEveryKeyForm(TestCertificates.KeyType type, KeyForm form) throws Exception {
        TestCertificates.Spec spec = TestCertificates.leaf("fulcrum.test", "127.0.0.1").serial(0x7a1092);
        Issued issued = (type == TestCertificates.KeyType.RSA ? spec.rsa() : spec).selfSigned()
                .write(files().certificate(), files().key(), form);
        String header = Files.readString(files().key()).lines().findFirst().orElseThrow();
        assertThat(header).isEqualTo(switch (form) {
            case TRADITIONAL -> type == TestCertificates.KeyType.RSA ? "-----BEGIN RSA PRIVATE KEY-----"
                    : "-----BEGIN EC PRIVATE KEY-----";
            default -> "-----BEGIN PRIVATE KEY-----";
        });

        ServerCertificate loaded = ServerCertificate.load(files(), Instant.now());

        assertThat(loaded.leaf()).isEqualTo(issued.certificate());
        assertThat(loaded.serial()).isEqualTo("7A1092");
        assertThat(loaded.names()).containsExactly("fulcrum.test", "127.0.0.1");
        assertThat(loaded.subject()).isEqualTo("CN=fulcrum.test");
    }

    @Test
    void anEcKeyAfterTheParametersBlockOfOpensslEcparamLoads() throws Exception {
        Issued issued = TestCertificates.leaf("a.test").write(files().certificate(), files().key(),
                KeyForm.TRADITIONAL);
        // openssl ecparam -name prime256v1 -genkey writes the curve's OID in a block of its own first.
        Files.writeString(files().key(), "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n"
                + "-----END EC PARAMETERS-----\n" + Files.readString(files().key()));

        ServerCertificate loaded = ServerCertificate.load(files(), Instant.now());
        assertThat(((java.security.interfaces.ECPrivateKey) loaded.key()).getS())
                .isEqualTo(((java.security.interfaces.ECPrivateKey) issued.key()).getS());
    }

    @Test
    void aSerialIsShownInWholeBytes() {
        TestCertificates.leaf("a.test").serial(0xabcde).write(files().certificate(), files().key(), KeyForm.PKCS8);
        assertThat(ServerCertificate.load(files(), Instant.now()).serial()).isEqualTo("0ABCDE");
    }

    @Test
    void aChainKeepsItsIntermediateAfterTheServersCertificate() {
        Issued authority = TestCertificates.authority("Test Intermediate");
        Issued leaf = TestCertificates.leaf("a.test").signedBy(authority).write(files().certificate(), files().key(),
                KeyForm.PKCS8);

        ServerCertificate loaded = ServerCertificate.load(files(), Instant.now());

        assertThat(loaded.chain()).containsExactly(leaf.certificate(), authority.certificate());
    }

    @Test
    void keyAndCertificateMayShareOneFile() throws Exception {
        Issued issued = TestCertificates.leaf("a.test").selfSigned();
        Path combined = dir.resolve("combined.pem");
        issued.write(dir.resolve("c.pem"), dir.resolve("k.pem"), KeyForm.PKCS8);
        Files.writeString(combined, Files.readString(dir.resolve("c.pem")) + Files.readString(dir.resolve("k.pem")));

        assertThat(ServerCertificate.load(new CertificateFiles(combined, combined), Instant.now()).leaf())
                .isEqualTo(issued.certificate());
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> ServerCertificate.load(files(), Instant.now()))
                .hasMessage(files().certificate() + ": no such file");
    }

    @Test
    void aDirectoryIsNotAFile() throws Exception {
        TestCertificates.leaf("a.test").selfSigned().writeCertificate(files().certificate());
        Files.createDirectory(files().key());
        assertThatThrownBy(() -> ServerCertificate.load(files(), Instant.now()))
                .hasMessageStartingWith(files().key() + ": cannot be read: ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty certificate file | cert.pem | ''                   | no certificate in it",
        "not PEM at all         | cert.pem | hello                | no certificate in it",
        "a broken PEM block     | cert.pem | '-----BEGIN CERTIFICATE-----\\nnot base64!\\n-----END CERTIFICATE-----\\n' | not a valid PEM file (",
        "an unknown PEM block   | key.pem  | '-----BEGIN SOMETHING-----\\nAAAA\\n-----END SOMETHING-----\\n' | not a valid PEM file (",
        "a key file with no key | key.pem  | ''                   | no private key in it",
    })
    void aFileThatIsNotWhatItShouldBeIsNamed(String what, String file, String content, String problem)
            throws Exception {
        TestCertificates.leaf("a.test").selfSigned().write(files().certificate(), files().key(), KeyForm.PKCS8);
        Files.writeString(dir.resolve(file), content.translateEscapes());

        assertThatThrownBy(() -> ServerCertificate.load(files(), Instant.now()))
                .hasMessageStartingWith(dir.resolve(file) + ": " + problem)
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
    }

    @Test
    void theCertificateFileGivenAsKeyIsNamed() {
        Issued issued = TestCertificates.leaf("a.test").selfSigned();
        issued.writeCertificate(files().certificate());
        issued.writeCertificate(files().key());
        assertThatThrownBy(() -> ServerCertificate.load(files(), Instant.now()))
                .hasMessageStartingWith(files().key() + ": no private key in it");
    }

    @Test
    void anEncryptedKeyIsRefusedWithTheWayOut() {
        TestCertificates.leaf("a.test").selfSigned().write(files().certificate(), files().key(),
                KeyForm.PKCS8_ENCRYPTED);
        assertThatThrownBy(() -> ServerCertificate.load(files(), Instant.now()))
                .hasMessage(files().key() + ": the private key is encrypted; give it unencrypted "
                        + "(openssl pkey -in key.pem -out key.pem)");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        TestCertificates.leaf("a.test").selfSigned().writeCertificate(files().certificate());
        TestCertificates.leaf("a.test").selfSigned().writeKey(files().key(), KeyForm.PKCS8);
        assertThatThrownBy(() -> ServerCertificate.load(files(), Instant.now()))
                .hasMessage(files().key() + ": the key does not match the certificate in " + files().certificate());
    }

    @Test
    void aKeyOfAnotherTypeIsRefused() {
        TestCertificates.leaf("a.test").selfSigned().writeCertificate(files().certificate());
        TestCertificates.leaf("a.test").rsa().selfSigned().writeKey(files().key(), KeyForm.TRADITIONAL);
        assertThatThrownBy(() -> ServerCertificate.load(files(), Instant.now()))
                .hasMessage(files().key() + ": the key does not match the certificate in " + files().certificate());
    }

    @Test
    void theIntermediatesKeyIsNotTheServers() {
        Issued authority = TestCertificates.authority("Test Intermediate");
        TestCertificates.leaf("a.test").signedBy(authority).writeCertificate(files().certificate());
        authority.writeKey(files().key(), KeyForm.PKCS8);
        assertThatThrownBy(() -> ServerCertificate.load(files(), Instant.now()))
                .hasMessage(files().key() + ": the key does not match the certificate in " + files().certificate()
                        + " (the first one, which must be the server's own)");
    }

    @Test
    void anExpiredCertificateIsRefusedWithItsDate() {
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        TestCertificates.leaf("a.test").validFrom(now.minus(Duration.ofDays(90)))
                .validUntil(Instant.parse("2026-05-31T08:30:00Z")).selfSigned()
                .write(files().certificate(), files().key(), KeyForm.PKCS8);
        assertThatThrownBy(() -> ServerCertificate.load(files(), now))
                .hasMessage(files().certificate() + ": the certificate expired on 2026-05-31 08:30 UTC (CN=a.test)");
    }
}
