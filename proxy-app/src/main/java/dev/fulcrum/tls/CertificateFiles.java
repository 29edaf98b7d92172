package dev.fulcrum.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One {@code --tls-cert}/{@code --tls-key} pair: a PEM file with the certificate chain (the server's certificate
 * first, then its intermediates, as Let's Encrypt's {@code fullchain.pem}) and a PEM file with its private key.
 */
public record CertificateFiles(Path certificate, Path key) {

    public CertificateFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
    }
}
