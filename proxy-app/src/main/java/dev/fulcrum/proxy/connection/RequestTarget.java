package dev.fulcrum.proxy.connection;

/**
 * Tells a request target that is really malformed from one that is merely unusual, before anything parses it. Fulcrum
 * maps nothing by path and passes the target on byte for byte, so everything RFC 3986 allows in a path and query
 * ({@code origin-form}, RFC 9112 3.2) passes: encoded slashes ({@code %2F}), {@code %25}, empty segments, dot segments
 * (also ones that climb above the root, which are the backend's to resolve), path parameters, and percent-encoded
 * octets that are not UTF-8. What is refused (400) is what no URI can contain: a space or control character (the
 * parser already stops at those), a character outside the RFC's set such as {@code \ " < > ^ ` { | }} or {@code #},
 * any non-ASCII byte, a {@code %} not followed by two hex digits, and {@code %00} in the path, which nginx and Jetty
 * refuse too: a backend handling paths as C strings would see a shorter path than was logged. {@code [} and
 * {@code ]} pass in the query, where browsers send them unencoded (WHATWG URL), but not in the path.
 *
 * <p>Absolute-form targets have their path and query checked the same way; their authority, the asterisk form and
 * CONNECT's authority form are left to Jetty, which refuses an authority that is not the request's own host.
 */
final class RequestTarget {

    /** {@code pchar} of RFC 3986 3.3 without {@code %}: unreserved, sub-delims, ":" and "@". */
    private static final boolean[] PATH = new boolean[128];
    /** What a query may hold besides percent-encodings: pchar, "/", "?", and "[" "]" as browsers send them. */
    private static final boolean[] QUERY = new boolean[128];

    static {
        String pchar = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@";
        for (int i = 0; i < pchar.length(); i++) {
            PATH[pchar.charAt(i)] = true;
            QUERY[pchar.charAt(i)] = true;
        }
        PATH['/'] = true;
        for (char c : "/?[]".toCharArray()) {
            QUERY[c] = true;
        }
    }

    private RequestTarget() {
    }

    /** @return why {@code target} is malformed, in a few words, or null when it is not */
    static String malformation(String method, String target) {
        if (method.equals("CONNECT")) {
            return null;
        }
        int path = pathStart(target);
        return path < 0 ? null : pathAndQuery(target, path);
    }

    /**
     * Where the path of an origin-form or absolute-form target begins (its query, when the path is empty), or -1
     * for any other form.
     */
    static int pathStart(String target) {
        if (target.isEmpty() || target.charAt(0) == '/') {
            return 0;
        }
        int authority = target.indexOf("://");
        if (authority < 0) {
            return -1;
        }
        for (int i = authority + 3; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '/' || c == '?') {
                return i;
            }
        }
        return -1;
    }

    private static String pathAndQuery(String target, int from) {
        boolean[] allowed = PATH;
        for (int i = from; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '%') {
                if (i + 2 >= target.length() || !isHex(target.charAt(i + 1)) || !isHex(target.charAt(i + 2))) {
                    return "bad percent-encoding";
                }
                if (allowed == PATH && target.charAt(i + 1) == '0' && target.charAt(i + 2) == '0') {
                    return "encoded NUL in the path";
                }
                i += 2;
            } else if (c == '?' && allowed == PATH) {
                allowed = QUERY;
            } else if (c >= 128 || !allowed[c]) {
                return allowed == PATH ? "character not allowed in a path" : "character not allowed in a query";
            }
        }
        return null;
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
