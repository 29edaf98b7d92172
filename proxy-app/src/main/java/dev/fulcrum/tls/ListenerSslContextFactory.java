package dev.fulcrum.tls;

import java.security.KeyStore;
import java.security.Principal;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;
import org.eclipse.jetty.util.ssl.SniX509ExtendedKeyManager;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.ssl.X509;

/**
 * Jetty's server-side {@link SslContextFactory} for one Fulcrum TLS listener, with the {@link TlsProfile} and the
 * certificates of {@link ServerCertificates}, choosing among several certificates by SNI as HAProxy and nginx do:
 * the certificate with the client's name among its own (an exact name before a wildcard, then the first given), and
 * for a client that sends no name, or a name none has, the first {@code --tls-cert} given.
 */
final class ListenerSslContextFactory extends SslContextFactory.Server {

    ListenerSslContextFactory() {
        TlsProfile.apply(this);
    }

    /** Jetty chooses by SNI only when the names differ; with several certificates the choice is always this class's. */
    @Override
    protected KeyManager[] getKeyManagers(KeyStore keyStore) throws Exception {
        KeyManager[] managers = super.getKeyManagers(keyStore);
        if (keyStore != null && keyStore.size() > 1) {
            for (int i = 0; i < managers.length; i++) {
                if (managers[i] instanceof X509ExtendedKeyManager manager
                        && !(manager instanceof SniX509ExtendedKeyManager)) {
                    managers[i] = newSniX509ExtendedKeyManager(manager);
                }
            }
        }
        return managers;
    }

    /**
     * @param certificates those of the key type the handshake asks about now (it asks again for another type when
     *     this answers null)
     */
    @Override
    public String sniSelect(String keyType, Principal[] issuers, SSLSession session, String sniHost,
                            Collection<X509> certificates) {
        if (sniHost != null) {
            String host = sniHost.toLowerCase(Locale.ROOT);
            Optional<X509> named = certificates.stream().filter(x509 -> x509.matches(host))
                    .min(Comparator.comparing((X509 x509) -> !x509.getHosts().contains(host))
                            .thenComparing(ListenerSslContextFactory::position));
            if (named.isPresent()) {
                return named.get().getAlias();
            }
            boolean anotherTypeHasIt = getAliases().stream().map(this::getX509)
                    .anyMatch(x509 -> x509 != null && x509.matches(host));
            if (anotherTypeHasIt) {
                return null;
            }
        }
        return certificates.stream().min(Comparator.comparing(ListenerSslContextFactory::position))
                .map(X509::getAlias).orElse(null);
    }

    /** Certificates are stored under {@code cert-0}, {@code cert-1}, ... in the order of the flags. */
    static String alias(int position) {
        return "cert-" + position;
    }

    private static int position(X509 x509) {
        String alias = x509.getAlias();
        try {
            return Integer.parseInt(alias.substring(alias.indexOf('-') + 1));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }
}
