package dev.fulcrum.cli;

import dev.fulcrum.proxy.ListenerSettings;
import dev.fulcrum.server.TlsSettings;
import dev.fulcrum.time.TimeSource;
import dev.fulcrum.tls.BackendTls;
import dev.fulcrum.tls.CertificateFiles;
import dev.fulcrum.tls.ServerCertificates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The TLS flags of {@code serve}: the HTTPS port and its certificates, the plain port's fate, TLS on the admin port,
 * and how HTTPS backends are trusted. Every file is read and checked here, before anything starts, so a missing
 * file, a key of another certificate or an expired certificate ends the start with one line naming the file or flag.
 */
public final class TlsOptions {

    private static final Logger log = LoggerFactory.getLogger(TlsOptions.class);

    @Option(names = "--tls-port", paramLabel = "PORT", converter = Converters.Port.class,
            description = "Also serve HTTPS on PORT, with --tls-cert and --tls-key (default: no HTTPS).")
    Integer port;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "PEM certificate chain, the server's certificate first (e.g. fullchain.pem); repeat with "
                    + "--tls-key for a certificate per name (SNI).")
    List<Path> certificates = new ArrayList<>();

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "PEM private key of the --tls-cert before it (PKCS#1, SEC1 or PKCS#8, unencrypted).")
    List<Path> keys = new ArrayList<>();

    @Option(names = "--no-plain", description = "Serve HTTPS only: no plain HTTP port.")
    boolean noPlain;

    @Option(names = "--redirect-https",
            description = "Answer every request on the plain port with a 308 to the same URL on the HTTPS port.")
    boolean redirectHttps;

    @Option(names = "--admin-tls", description = "Serve the admin API and page over HTTPS, with the same certificates.")
    boolean adminTls;

    @Option(names = "--backend-ca", paramLabel = "FILE",
            description = "PEM bundle of certificates trusted for https:// backends, besides the JDK's trust store.")
    Path backendCa;

    @Option(names = "--backend-tls-insecure",
            description = "Do not check the certificates of https:// backends (for testing only).")
    boolean backendTlsInsecure;

    /**
     * The TLS ports and their certificates, read and checked.
     *
     * @param plainPort the proxy's plain port, which the TLS port must not repeat
     * @throws UserError naming the flag or file at fault
     */
    TlsSettings settings(int plainPort, TimeSource time) {
        if (certificates.size() != keys.size()) {
            throw new UserError("--tls-cert and --tls-key come in pairs: " + certificates.size() + " --tls-cert, "
                    + keys.size() + " --tls-key");
        }
        if (port != null && certificates.isEmpty()) {
            throw new UserError("--tls-port needs --tls-cert FILE and --tls-key FILE");
        }
        if (adminTls && certificates.isEmpty()) {
            throw new UserError("--admin-tls needs --tls-cert FILE and --tls-key FILE");
        }
        if (!certificates.isEmpty() && port == null && !adminTls) {
            throw new UserError("--tls-cert is used by nothing: add --tls-port PORT, or --admin-tls");
        }
        if (noPlain && port == null) {
            throw new UserError("--no-plain needs --tls-port: the balancer would have no port at all");
        }
        if (redirectHttps && port == null) {
            throw new UserError("--redirect-https needs --tls-port to redirect to");
        }
        if (redirectHttps && noPlain) {
            throw new UserError("--redirect-https and --no-plain: without a plain port there is nothing to redirect");
        }
        if (port != null && port == plainPort && !noPlain) {
            throw new UserError("--tls-port " + port + " is also the plain port: give another, or add --no-plain");
        }
        if (certificates.isEmpty()) {
            return TlsSettings.NONE;
        }
        List<CertificateFiles> pairs = new ArrayList<>();
        for (int i = 0; i < certificates.size(); i++) {
            pairs.add(new CertificateFiles(certificates.get(i), keys.get(i)));
        }
        try {
            return new TlsSettings(ServerCertificates.load(pairs, time), port == null ? ListenerSettings.NONE : port,
                    !noPlain, redirectHttps, adminTls);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Says at start that backend certificates go unchecked, since nothing else will. */
    void warnIfBackendsGoUnchecked() {
        if (backendTlsInsecure) {
            log.warn("--backend-tls-insecure: certificates of https:// backends are not checked, so anyone on the way "
                    + "to a backend can read and change its traffic");
        }
    }

    /** How certificates of https:// backends are checked. */
    BackendTls backendTls() {
        if (backendTlsInsecure && backendCa != null) {
            throw new UserError("--backend-ca and --backend-tls-insecure contradict each other: give one");
        }
        if (backendTlsInsecure) {
            return BackendTls.INSECURE;
        }
        try {
            return backendCa == null ? BackendTls.VERIFIED : BackendTls.trusting(backendCa);
        } catch (IllegalArgumentException e) {
            throw new UserError("--backend-ca " + e.getMessage());
        }
    }
}
