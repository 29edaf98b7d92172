package dev.fulcrum.values;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The one definition of an acceptable backend URL, shared by the command line, the import file and the admin API:
 * absolute {@code http} or {@code https}, with a host, a port in 1-65535 if given, and nothing a balancer could not
 * honour (no user info, query or fragment, no path other than {@code /}).
 */
public final class BackendUrls {

    /** The longest default name: the longest a backend's name may be. */
    public static final int MAX_DEFAULT_NAME_LENGTH = 64;

    /** A DNS name has at most 253 characters (RFC 1035); no resolver accepts a longer one. */
    public static final int MAX_HOST_LENGTH = 253;

    private BackendUrls() {
    }

    /** Returns the normalised form ({@code http://host:port}, port always explicit) or throws with the reason. */
    public static URI parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("backend URL is empty");
        }
        if (!text.contains("://")) {
            throw notAbsolute(text);
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw notAbsolute(text);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no host");
        }
        if (uri.getHost().length() > MAX_HOST_LENGTH) {
            throw new IllegalArgumentException("the host name is longer than " + MAX_HOST_LENGTH + " characters");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'" + text + "' must not contain user info");
        }
        if (uri.getRawQuery() != null) {
            throw new IllegalArgumentException("'" + text + "' must not contain a query");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + text + "' must not contain a fragment");
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException("'" + text + "' must not contain a path");
        }
        int port = uri.getPort();
        if (port == -1) {
            port = scheme.equalsIgnoreCase("https") ? 443 : 80;
        } else if (!Ports.isValid(port)) {
            throw new IllegalArgumentException("'" + text + "' has port " + port + ", outside " + Ports.RANGE);
        }
        return URI.create(scheme.toLowerCase(java.util.Locale.ROOT) + "://" + hostForUri(uri.getHost()) + ":" + port);
    }

    private static IllegalArgumentException notAbsolute(String text) {
        return new IllegalArgumentException(
                "'" + text + "' is not an absolute http:// or https:// URL (e.g. http://127.0.0.1:5001)");
    }

    /**
     * A backend name derived from its address, valid as a name ({@code [A-Za-z0-9._-]}, at most
     * {@value #MAX_DEFAULT_NAME_LENGTH} characters). A long host is cut, and a hash of the whole host keeps two hosts
     * that share a long start from getting the same name.
     */
    public static String defaultName(URI url) {
        String name = (url.getHost() + "-" + url.getPort()).replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.length() <= MAX_DEFAULT_NAME_LENGTH) {
            return name;
        }
        String suffix = String.format(java.util.Locale.ROOT, "-%08x-%d", url.getHost().hashCode(), url.getPort());
        return name.substring(0, MAX_DEFAULT_NAME_LENGTH - suffix.length()) + suffix;
    }

    private static String hostForUri(String host) {
        return host.toLowerCase(java.util.Locale.ROOT);
    }
}
