package dev.fulcrum.server;

import dev.fulcrum.proxy.ListenerSettings;
import dev.fulcrum.tls.ServerCertificates;

/**
 * Where Fulcrum speaks TLS, and with which certificates.
 *
 * @param certificates what the TLS ports serve, or null for no TLS anywhere
 * @param port the proxy's HTTPS port, or {@link ListenerSettings#NONE}
 * @param plain whether the proxy's plain HTTP port is opened too ({@code --no-plain} turns it off)
 * @param redirectHttps whether the plain port answers with a 308 to HTTPS instead of proxying
 * @param admin whether the admin API and page are served over TLS, with the same certificates
 */
public record TlsSettings(ServerCertificates certificates, int port, boolean plain, boolean redirectHttps,
                          boolean admin) {

    /** Plain HTTP everywhere, as before TLS. */
    public static final TlsSettings NONE = new TlsSettings(null, ListenerSettings.NONE, true, false, false);

    public TlsSettings {
        if (certificates == null && (port != ListenerSettings.NONE || admin)) {
            throw new IllegalArgumentException("a TLS port needs certificates");
        }
    }
}
