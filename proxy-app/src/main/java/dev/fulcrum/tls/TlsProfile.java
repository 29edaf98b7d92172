package dev.fulcrum.tls;

import java.util.List;

/**
 * What every Fulcrum TLS listener speaks: TLS 1.2 and 1.3 only, with the cipher suites of Mozilla's "intermediate"
 * server-side TLS configuration (version 5.7), which every client of the last ten years supports and whose suites all
 * have forward secrecy and authenticated encryption. As that profile says, the client's order of preference decides
 * among them. No renegotiation (RFC 7568's reasons apply to it too: a client could make the server redo a handshake at
 * will), and session resumption on: the JDK's session cache and TLS 1.3 session tickets, for a day.
 */
public final class TlsProfile {

    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** Mozilla intermediate, in its order, with IANA names; the first three are TLS 1.3's. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** How long a session may be resumed, as Mozilla's profile sets it. */
    static final int SESSION_SECONDS = 24 * 60 * 60;

    private TlsProfile() {
    }

    static void apply(ListenerSslContextFactory factory) {
        factory.setIncludeProtocols(PROTOCOLS.toArray(String[]::new));
        // Include patterns are regular expressions; these names have no special characters.
        factory.setIncludeCipherSuites(CIPHER_SUITES.toArray(String[]::new));
        factory.setUseCipherSuitesOrder(false);
        factory.setRenegotiationAllowed(false);
        factory.setSslSessionTimeout(SESSION_SECONDS);
    }
}
