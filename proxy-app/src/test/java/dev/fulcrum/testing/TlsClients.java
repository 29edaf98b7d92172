package dev.fulcrum.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** The client side of a test's TLS: contexts trusting a test's certificates, and sockets and clients using them. */
public final class TlsClients {

    private TlsClients() {
    }

    /** Trusts these certificates (an authority, or a self-signed server certificate) and nothing else. */
    public static SSLContext trusting(X509Certificate... certificates) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < certificates.length; i++) {
                store.setCertificateEntry("trusted-" + i, certificates[i]);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Accepts any certificate, for a test that looks at which certificate it was given. */
    public static SSLContext trustingAnything() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK's client, speaking HTTP/1.1 over TLS with this context. */
    public static HttpClient http1(SSLContext context) {
        return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** The JDK's client with this context, offering h2 and HTTP/1.1 in ALPN and speaking what the server picks. */
    public static HttpClient http2(SSLContext context) {
        return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    /**
     * A TLS socket to 127.0.0.1, handshake done, sending {@code serverName} as SNI (none when null), offering only
     * these protocols and cipher suites when given.
     */
    public static SSLSocket connect(SSLContext context, int port, String serverName, List<String> protocols,
                                    List<String> cipherSuites) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        if (serverName != null) {
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
        }
        if (protocols != null) {
            parameters.setProtocols(protocols.toArray(String[]::new));
        }
        if (cipherSuites != null) {
            parameters.setCipherSuites(cipherSuites.toArray(String[]::new));
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    /** A TLS socket to 127.0.0.1, handshake done, offering these application protocols through ALPN (RFC 7301). */
    public static SSLSocket connectOffering(SSLContext context, int port, List<String> applicationProtocols)
            throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(applicationProtocols.toArray(String[]::new));
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    /** As {@link #connect(SSLContext, int, String, List, List)}, with the JDK's protocols and suites. */
    public static SSLSocket connect(SSLContext context, int port, String serverName) throws IOException {
        return connect(context, port, serverName, null, null);
    }

    /** The certificate the server showed on this connection. */
    public static X509Certificate peer(SSLSocket socket) throws IOException {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
}
