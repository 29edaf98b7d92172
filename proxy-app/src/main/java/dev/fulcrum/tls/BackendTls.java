package dev.fulcrum.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * How Fulcrum trusts {@code https://} backends, for the proxy's requests and the health probes alike: their
 * certificate must chain to the JDK's trust store or to a certificate of the {@code --backend-ca} bundle, and name the
 * backend's host; or, with {@code --backend-tls-insecure}, nothing is checked at all.
 *
 * @param authorities the {@code --backend-ca} certificates trusted besides the JDK's
 * @param insecure whether backend certificates go unchecked
 */
public record BackendTls(List<X509Certificate> authorities, boolean insecure) {

    /** The JDK's trust store, and host names checked: what a browser would accept. */
    public static final BackendTls VERIFIED = new BackendTls(List.of(), false);

    /** Nothing checked ({@code --backend-tls-insecure}). */
    public static final BackendTls INSECURE = new BackendTls(List.of(), true);

    public BackendTls {
        authorities = List.copyOf(authorities);
        if (insecure && !authorities.isEmpty()) {
            throw new IllegalArgumentException("backend certificates are either checked or not: a CA bundle and "
                    + "insecure contradict each other");
        }
    }

    /**
     * The JDK's trust store plus the certificates of a PEM bundle.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or holds no certificate
     */
    public static BackendTls trusting(Path bundle) {
        return new BackendTls(PemFiles.certificates(bundle), false);
    }

    /** A new client-side factory for one {@code HttpClient}; the client's lifecycle starts and stops it. */
    public SslContextFactory.Client newClientFactory() {
        SslContextFactory.Client factory = new SslContextFactory.Client(insecure);
        if (insecure) {
            factory.setEndpointIdentificationAlgorithm(null);
        } else if (!authorities.isEmpty()) {
            factory.setTrustStore(trustStore());
        }
        return factory;
    }

    /** The JDK's authorities and the bundle's in one store: a trust store given to Jetty replaces the JDK's. */
    private KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (X509Certificate authority : jdkAuthorities()) {
                store.setCertificateEntry("jdk-" + n++, authority);
            }
            for (X509Certificate authority : authorities) {
                store.setCertificateEntry("backend-ca-" + n++, authority);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the backend trust store in memory", e);
        }
    }

    private static X509Certificate[] jdkAuthorities() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509.getAcceptedIssuers();
            }
        }
        return new X509Certificate[0];
    }
}
