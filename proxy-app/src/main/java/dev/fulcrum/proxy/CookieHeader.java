package dev.fulcrum.proxy;

/**
 * Finds one cookie's value in a {@code Cookie} header without allocating (RFC 6265 section 4.2: {@code name=value}
 * pairs separated by {@code ;} and a space). Names match exactly, as cookie names are case-sensitive; a value in
 * double quotes is taken without them.
 */
final class CookieHeader {

    /** What {@link #find} returns when the header has no such cookie. */
    static final long ABSENT = -1;

    private CookieHeader() {
    }

    /**
     * Where the value of the cookie {@code name} lies in {@code header}: its start in the high 32 bits and its end
     * (exclusive) in the low ones, or {@link #ABSENT}.
     */
    static long find(String header, String name) {
        if (header == null) {
            return ABSENT;
        }
        int length = header.length();
        int pair = 0;
        while (pair < length) {
            while (pair < length && isSpace(header.charAt(pair))) {
                pair++;
            }
            int pairEnd = header.indexOf(';', pair);
            if (pairEnd < 0) {
                pairEnd = length;
            }
            int equals = pair + name.length();
            if (equals < pairEnd && header.charAt(equals) == '=' && header.startsWith(name, pair)) {
                int start = equals + 1;
                int end = pairEnd;
                while (end > start && isSpace(header.charAt(end - 1))) {
                    end--;
                }
                if (end - start >= 2 && header.charAt(start) == '"' && header.charAt(end - 1) == '"') {
                    start++;
                    end--;
                }
                return (long) start << 32 | end;
            }
            pair = pairEnd + 1;
        }
        return ABSENT;
    }

    static int start(long found) {
        return (int) (found >>> 32);
    }

    static int end(long found) {
        return (int) found;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
