package dev.fulcrum.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads PEM files with BouncyCastle: certificates ({@code BEGIN CERTIFICATE}), and one unencrypted private key in any
 * form OpenSSL, Let's Encrypt and cert-manager write: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), SEC1
 * ({@code BEGIN EC PRIVATE KEY}, with or without the {@code EC PARAMETERS} block before it) or PKCS#8
 * ({@code BEGIN PRIVATE KEY}). The keys and certificates are made by the JDK's own providers, so nothing of
 * BouncyCastle is left in the TLS handshake.
 *
 * <p>Every problem is an {@link IllegalArgumentException} whose message is one line that starts with the file.
 */
public final class PemFiles {

    private static final int MAX_REASON = 100;

    private PemFiles() {
    }

    /** The certificates in a PEM file, in the order they appear; at least one. */
    public static List<X509Certificate> certificates(Path file) {
        return certificates(file, read(file));
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(file + ": cannot be read: permission denied");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read: " + reason(e));
        }
    }

    static List<X509Certificate> certificates(Path file, byte[] pem) {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : objects(file, pem)) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException(file + ": certificate " + (certificates.size() + 1)
                            + " cannot be read: " + reason(e));
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(file + ": no certificate in it (expected PEM, "
                    + "-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    static PrivateKey privateKey(Path file, byte[] pem) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        PrivateKey key = null;
        for (Object object : objects(file, pem)) {
            PrivateKey found;
            try {
                if (object instanceof PEMKeyPair pair) {
                    // The private part alone: a SEC1 key need not carry its public key.
                    found = converter.getPrivateKey(pair.getPrivateKeyInfo());
                } else if (object instanceof PrivateKeyInfo info) {
                    found = converter.getPrivateKey(info);
                } else if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IllegalArgumentException(file + ": the private key is encrypted; give it unencrypted "
                            + "(openssl pkey -in " + file.getFileName() + " -out key.pem)");
                } else {
                    continue;
                }
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ": the private key cannot be read: " + reason(e));
            }
            if (key != null) {
                throw new IllegalArgumentException(file + ": more than one private key in it; give one per file");
            }
            key = found;
        }
        if (key == null) {
            throw new IllegalArgumentException(file + ": no private key in it (expected PEM, -----BEGIN PRIVATE "
                    + "KEY-----, -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)");
        }
        return key;
    }

    private static List<Object> objects(Path file, byte[] pem) {
        try (PEMParser parser = new PEMParser(new InputStreamReader(new ByteArrayInputStream(pem),
                StandardCharsets.US_ASCII))) {
            List<Object> objects = new ArrayList<>();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
            return objects;
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports a bad block as an IOException, bad base64 or DER as a runtime exception.
            throw new IllegalArgumentException(file + ": not a valid PEM file (" + reason(e) + ")");
        }
    }

    /** An exception's message cut to one short line, for a message that must stay one line. */
    static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String line = message.lines().findFirst().orElse("").strip();
        return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "...";
    }
}
