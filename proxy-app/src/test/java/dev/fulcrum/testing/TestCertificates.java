package dev.fulcrum.testing;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Certificates and keys made at run time with BouncyCastle, as a test needs them (names, validity, key type,
 * serial), written as the PEM files a user would have: never a private key committed to the repository.
 *
 * <pre>{@code
 * Issued site = TestCertificates.leaf("localhost", "127.0.0.1").validUntil(now.plus(Duration.ofDays(10))).selfSigned();
 * site.write(dir.resolve("cert.pem"), dir.resolve("key.pem"), KeyForm.PKCS8);
 * }</pre>
 */
public final class TestCertificates {

    public enum KeyType { EC, RSA }

    /** How a private key is written: PKCS#1 for RSA or SEC1 for EC ("traditional"), PKCS#8, or PKCS#8 encrypted. */
    public enum KeyForm { TRADITIONAL, PKCS8, PKCS8_ENCRYPTED }

    /** Six hex digits, so a serial reads the same with or without a leading zero. */
    private static final AtomicLong SERIALS = new AtomicLong(0x100000L + (System.nanoTime() & 0x7ffffL));

    private TestCertificates() {
    }

    /** A leaf certificate for these names (DNS names, or IP addresses), valid from an hour ago for 90 days. */
    public static Spec leaf(String... names) {
        Instant now = Instant.now();
        return new Spec(List.of(names), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(90)), KeyType.EC,
                BigInteger.valueOf(SERIALS.incrementAndGet()), false);
    }

    /** A certificate authority of its own, valid for a year. */
    public static Issued authority(String name) {
        Instant now = Instant.now();
        return new Spec(List.of(name), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)), KeyType.EC,
                BigInteger.valueOf(SERIALS.incrementAndGet()), true).selfSigned();
    }

    /** What a certificate is made of; each method gives a changed copy. */
    public record Spec(List<String> names, Instant notBefore, Instant notAfter, KeyType keyType, BigInteger serial,
                       boolean authority) {

        public Spec validFrom(Instant from) {
            return new Spec(names, from, notAfter, keyType, serial, authority);
        }

        public Spec validUntil(Instant until) {
            return new Spec(names, notBefore, until, keyType, serial, authority);
        }

        public Spec rsa() {
            return new Spec(names, notBefore, notAfter, KeyType.RSA, serial, authority);
        }

        public Spec serial(long value) {
            return new Spec(names, notBefore, notAfter, keyType, BigInteger.valueOf(value), authority);
        }

        /** Makes it self-signed and writes it, as {@link Issued#write}. */
        public Issued write(Path certificateFile, Path keyFile, KeyForm form) {
            return selfSigned().write(certificateFile, keyFile, form);
        }

        public Issued selfSigned() {
            KeyPair keys = keyPair(keyType);
            return sign(keys, keys.getPrivate(), subject(), List.of());
        }

        public Issued signedBy(Issued issuer) {
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(issuer.certificate());
            return sign(keyPair(keyType), issuer.key(), new X500Name(issuer.certificate().getSubjectX500Principal()
                    .getName()), chain);
        }

        private X500Name subject() {
            return new X500Name("CN=" + names.get(0));
        }

        private Issued sign(KeyPair keys, PrivateKey issuerKey, X500Name issuer, List<X509Certificate> above) {
            try {
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial,
                        Date.from(notBefore), Date.from(notAfter), subject(), keys.getPublic());
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
                if (authority) {
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                } else {
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                    builder.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                    GeneralName[] alternatives = names.stream().map(name -> name.matches("[0-9.]+|.*:.*")
                            ? new GeneralName(GeneralName.iPAddress, name)
                            : new GeneralName(GeneralName.dNSName, name)).toArray(GeneralName[]::new);
                    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
                }
                String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
                X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                        builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
                List<X509Certificate> chain = new ArrayList<>();
                chain.add(certificate);
                chain.addAll(above);
                return new Issued(certificate, keys.getPrivate(), chain);
            } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * A certificate, its private key and its chain (the certificate first, then its issuer if that is not itself).
     */
    public record Issued(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {

        public BigInteger serial() {
            return certificate.getSerialNumber();
        }

        /** Writes the chain and the key, each file written whole and then moved into place, as certbot does. */
        public Issued write(Path certificateFile, Path keyFile, KeyForm form) {
            writePem(certificateFile, chain.toArray());
            writeKey(keyFile, form);
            return this;
        }

        /** The chain as a PEM file, for a CA bundle or a certificate file on its own. */
        public Path writeCertificate(Path file) {
            writePem(file, chain.toArray());
            return file;
        }

        public Path writeKey(Path file, KeyForm form) {
            try {
                Object pem = switch (form) {
                    case TRADITIONAL -> key.getAlgorithm().equals("EC") ? sec1() : key;
                    case PKCS8 -> new JcaPKCS8Generator(key, null);
                    case PKCS8_ENCRYPTED -> new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(
                            JcaPKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider())
                            .setPassword("secret".toCharArray()).build());
                };
                writePem(file, pem);
                return file;
            } catch (OperatorCreationException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * An EC key in SEC1 form as OpenSSL writes it, with its curve and public key inside: the JDK's own encoding
         * keeps the curve outside, in PKCS#8's algorithm identifier, which SEC1 does not have.
         */
        private PemObject sec1() throws IOException {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
            ASN1BitString publicKey = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded())
                    .getPublicKeyData();
            ECPrivateKey sec1 = new ECPrivateKey(256, inner.getKey(), publicKey,
                    info.getPrivateKeyAlgorithm().getParameters());
            return new PemObject("EC PRIVATE KEY", sec1.getEncoded());
        }
    }

    private static void writePem(Path file, Object... objects) {
        try {
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".pem-", ".tmp");
            try (Writer out = Files.newBufferedWriter(temporary); JcaPEMWriter pem = new JcaPEMWriter(out)) {
                for (Object object : objects) {
                    pem.writeObject(object);
                }
            }
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static KeyPair keyPair(KeyType type) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type.name());
            if (type == KeyType.EC) {
                generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            } else {
                generator.initialize(2048, new SecureRandom());
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
