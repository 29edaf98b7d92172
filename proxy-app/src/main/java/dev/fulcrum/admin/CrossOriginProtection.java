package dev.fulcrum.admin;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses a request with a side effect that a browser sent on behalf of another site, whatever its content type, as
 * Go's {@code http.CrossOriginProtection} does. Safe methods always pass. Otherwise {@code Sec-Fetch-Site} (sent by
 * every current browser) decides: only {@code same-origin} and {@code none} (typed or bookmarked) pass. Without it,
 * (absent or empty) an {@code Origin} whose host and port differ from the request's {@code Host} is refused. A request with neither
 * header is not from a browser page (curl, scripts) or is same-origin, and passes, so tools need no extra headers.
 */
final class CrossOriginProtection implements Handler {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    public void handle(Context ctx) {
        String refusal = refusal(ctx.req().getMethod(), ctx.header("Sec-Fetch-Site"), ctx.header("Origin"),
                ctx.header("Host"));
        if (refusal != null) {
            throw new ApiError(403, refusal, null);
        }
    }

    /** @return why the request is refused, or null when it may go on */
    static String refusal(String method, String secFetchSite, String origin, String host) {
        if (SAFE_METHODS.contains(method)) {
            return null;
        }
        if (secFetchSite != null && !secFetchSite.isBlank()) {
            String site = secFetchSite.trim().toLowerCase(Locale.ROOT);
            return site.equals("same-origin") || site.equals("none") ? null
                    : "cross-origin request refused: a page on another site may not change this balancer "
                    + "(Sec-Fetch-Site: " + printable(secFetchSite) + ")";
        }
        if (origin == null) {
            return null;
        }
        if (host != null && host.equalsIgnoreCase(authority(origin))) {
            return null;
        }
        return "cross-origin request refused: Origin does not match Host (an old browser, or a page on another site)";
    }

    private static String authority(String origin) {
        try {
            String authority = new URI(origin.trim()).getRawAuthority();
            return authority == null ? "" : authority;
        } catch (URISyntaxException e) {
            return "";
        }
    }

    private static String printable(String value) {
        String cut = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
