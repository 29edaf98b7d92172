package dev.fulcrum.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/**
 * A certificate chain and its private key, read from one {@link CertificateFiles} pair and checked before it is ever
 * served: the key belongs to the first certificate of the chain (the server's own), and that certificate has not
 * expired. A pair that fails either check is refused with a one-line message naming the file.
 */
public record ServerCertificate(CertificateFiles files, List<X509Certificate> chain, PrivateKey key) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** SubjectAltName entry types (RFC 5280 4.2.1.6). */
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    public ServerCertificate {
        chain = List.copyOf(chain);
    }

    /** Reads and checks the pair; {@code now} decides whether the certificate has expired. */
    public static ServerCertificate load(CertificateFiles files, Instant now) {
        return parse(files, PemFiles.read(files.certificate()), PemFiles.read(files.key()), now);
    }

    static ServerCertificate parse(CertificateFiles files, byte[] certificatePem, byte[] keyPem, Instant now) {
        List<X509Certificate> chain = PemFiles.certificates(files.certificate(), certificatePem);
        PrivateKey key = PemFiles.privateKey(files.key(), keyPem);
        X509Certificate leaf = chain.get(0);
        String algorithm = signatureAlgorithm(key);
        if (algorithm == null) {
            throw new IllegalArgumentException(files.key() + ": a " + key.getAlgorithm()
                    + " key; Fulcrum serves RSA and EC keys");
        }
        if (!belongTogether(algorithm, key, leaf.getPublicKey())) {
            throw new IllegalArgumentException(files.key() + ": the key does not match the certificate in "
                    + files.certificate() + (chain.size() > 1 ? " (the first one, which must be the server's own)"
                    : ""));
        }
        if (leaf.getNotAfter().toInstant().isBefore(now)) {
            throw new IllegalArgumentException(files.certificate() + ": the certificate expired on "
                    + DAY.format(leaf.getNotAfter().toInstant()) + " (" + subjectOf(leaf) + ")");
        }
        return new ServerCertificate(files, chain, key);
    }

    /** The certificate clients see: the first of the chain. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    public Instant notBefore() {
        return leaf().getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** The serial number in hex, whole bytes, as {@code openssl x509 -serial} and browsers print it. */
    public String serial() {
        String hex = leaf().getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    public String subject() {
        return subjectOf(leaf());
    }

    /**
     * The names the certificate is valid for: its DNS and IP subject alternative names, or its common name when it has
     * none (as clients fall back to it).
     */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = leaf().getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> name : alternatives) {
                    int type = (Integer) name.get(0);
                    if (type == DNS_NAME || type == IP_ADDRESS) {
                        names.add(String.valueOf(name.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // Served all the same; the names are for people and for choosing among several certificates.
        }
        if (names.isEmpty()) {
            String commonName = commonName(leaf());
            if (commonName != null) {
                names.add(commonName);
            }
        }
        return names;
    }

    private static String subjectOf(X509Certificate certificate) {
        String commonName = commonName(certificate);
        return commonName != null ? "CN=" + commonName : certificate.getSubjectX500Principal().getName();
    }

    private static String commonName(X509Certificate certificate) {
        try {
            RDN[] names = new JcaX509CertificateHolder(certificate).getSubject().getRDNs(BCStyle.CN);
            return names.length == 0 ? null : IETFUtils.valueToString(names[0].getFirst().getValue());
        } catch (CertificateEncodingException e) {
            return null;
        }
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> null;
        };
    }

    /** Signs a few bytes with the private key and verifies them with the certificate's public key. */
    private static boolean belongTogether(String algorithm, PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        byte[] probe = "fulcrum key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** When the certificate expires, for messages. */
    static String formatted(Instant instant) {
        return DAY.format(instant);
    }
}
