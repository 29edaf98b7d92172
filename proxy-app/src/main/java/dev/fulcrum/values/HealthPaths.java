package dev.fulcrum.values;

/**
 * The one definition of a health-check path, shared by {@code --health-path} and the admin API: what an HTTP request
 * line may carry as its target, so that every probe can be sent.
 *
 * <p>That is RFC 9110's {@code absolute-path} ({@code 1*( "/" segment )}) with an optional {@code "?" query}, both
 * made of RFC 3986 {@code pchar}s (letters, digits, {@code -._~!$&'()*+,;=:@}, and in the query also {@code /?}) and
 * complete percent-escapes ({@code %} and two hex digits). Anything else (a space, {@code | < > " { } \ ^ `}, a
 * {@code #}, a lone {@code %}) is refused with the position of the first offending character.
 */
public final class HealthPaths {

    private static final String PCHAR_PUNCTUATION = "-._~!$&'()*+,;=:@";

    private HealthPaths() {
    }

    /** Returns the path unchanged, or throws with the reason and where in the path it lies. */
    public static String check(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("must start with '/', e.g. /health");
        }
        boolean query = false;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length() || !isHex(path.charAt(i + 1)) || !isHex(path.charAt(i + 2))) {
                    throw new IllegalArgumentException("has an incomplete percent-escape at position " + (i + 1)
                            + ": '%' must be followed by two hex digits");
                }
                i += 2;
            } else if (c == '?' && !query) {
                query = true;
            } else if (!(isPchar(c) || c == '/' || (query && c == '?'))) {
                throw new IllegalArgumentException("has " + describe(c) + " at position " + (i + 1)
                        + ", which a URL path may not contain" + (c > 0x20 && c < 0x7f ? " (write it as "
                        + String.format(java.util.Locale.ROOT, "%%%02X", (int) c) + ")" : ""));
            }
        }
        return path;
    }

    private static boolean isPchar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || PCHAR_PUNCTUATION.indexOf(c) >= 0;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String describe(char c) {
        if (c == ' ') {
            return "a space";
        }
        if (c < 0x20 || c == 0x7f) {
            return "a control character";
        }
        if (c > 0x7f) {
            return "a non-ASCII character";
        }
        return "'" + c + "'";
    }
}
