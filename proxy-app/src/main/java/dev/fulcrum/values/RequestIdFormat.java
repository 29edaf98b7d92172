package dev.fulcrum.values;

import java.util.concurrent.ThreadLocalRandom;

/**
 * What a request id looks like: the client's own {@code X-Request-Id} when it is usable (a load balancer in front may
 * have set it), otherwise 32 random hex digits. Shared by the proxy's access log and the admin API's change history,
 * so one id can be followed through both.
 */
public final class RequestIdFormat {

    public static final String HEADER = "X-Request-Id";
    private static final int MAX_LENGTH = 128;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIdFormat() {
    }

    /** The offered id when it is usable, otherwise a new one. */
    public static String choose(String offered) {
        return isUsable(offered) ? offered : generate();
    }

    /** Letters, digits and {@code - _ . : + / =}, 1 to 128 of them: safe in a header, a log line and JSON. */
    public static boolean isUsable(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == ':' || c == '+' || c == '/' || c == '=';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] out = new char[32];
        long high = random.nextLong();
        long low = random.nextLong();
        for (int i = 0; i < 16; i++) {
            out[i] = HEX[(int) (high >>> (60 - 4 * i)) & 0xf];
            out[16 + i] = HEX[(int) (low >>> (60 - 4 * i)) & 0xf];
        }
        return new String(out);
    }
}
