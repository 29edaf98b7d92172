package dev.fulcrum.values;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The one definition of an acceptable webhook URL: absolute {@code http} or {@code https}, with a host, a port in
 * 1-65535 if given, a path and query as the receiver wants them, no user info (it would be shown back by the API) and
 * no fragment (it is never sent).
 */
public final class WebhookUrls {

    /** As long as the database keeps. */
    public static final int MAX_LENGTH = 2048;

    private WebhookUrls() {
    }

    /** Returns the URL as given (trimmed), or throws with the reason. */
    public static URI parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("url is empty");
        }
        String trimmed = text.trim();
        if (trimmed.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("url is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + trimmed + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("'" + trimmed
                    + "' is not an absolute http:// or https:// URL (e.g. https://hooks.example.com/fulcrum)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + trimmed + "' has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'" + trimmed + "' must not contain user info; put a token in the "
                    + "path or query, or use a secret");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + trimmed + "' must not contain a fragment");
        }
        if (uri.getPort() != -1 && !Ports.isValid(uri.getPort())) {
            throw new IllegalArgumentException("'" + trimmed + "' has port " + uri.getPort() + ", outside "
                    + Ports.RANGE);
        }
        return uri;
    }
}
