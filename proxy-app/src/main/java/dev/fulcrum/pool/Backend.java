package dev.fulcrum.pool;

import java.net.URI;
import java.util.Objects;

/**
 * A backend as configured: what the control plane knows about it, independent of its health.
 *
 * <p>{@code baseUrl} is the scheme, host and port with no path ({@code http://127.0.0.1:5001}); the proxy appends the
 * client's path and query to it, so it is computed once here rather than on every request.
 *
 * @param draining true while it takes no new requests and its requests in flight finish, so it can be stopped
 */
public record Backend(long id, String name, URI url, int weight, boolean enabled, boolean draining,
                      CheckOverrides checkOverrides, String baseUrl) {

    public Backend {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(checkOverrides, "checkOverrides");
        Objects.requireNonNull(baseUrl, "baseUrl");
    }

    public Backend(long id, String name, URI url, int weight, boolean enabled, boolean draining,
                   CheckOverrides checkOverrides) {
        this(id, name, url, weight, enabled, draining, checkOverrides, baseUrlOf(url));
    }

    public Backend(long id, String name, URI url, int weight, boolean enabled, CheckOverrides checkOverrides) {
        this(id, name, url, weight, enabled, false, checkOverrides);
    }

    public Backend(long id, String name, URI url, int weight, boolean enabled) {
        this(id, name, url, weight, enabled, CheckOverrides.NONE);
    }

    /** The same backend with another weight. */
    public Backend withWeight(int value) {
        return new Backend(id, name, url, value, enabled, draining, checkOverrides, baseUrl);
    }

    /** The same backend, draining or not. */
    public Backend withDraining(boolean value) {
        return new Backend(id, name, url, weight, enabled, value, checkOverrides, baseUrl);
    }

    /** The {@code host:port} form used in log lines, as the original balancer printed it. */
    public String address() {
        return url.getHost() + ":" + port(url);
    }

    private static String baseUrlOf(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority();
    }

    static int port(URI url) {
        if (url.getPort() != -1) {
            return url.getPort();
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }
}
