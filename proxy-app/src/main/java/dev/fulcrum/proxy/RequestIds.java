package dev.fulcrum.proxy;

import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;

/**
 * Gives every client request an id, so that a client's error, the backend's log and Fulcrum's access log can be
 * matched: the client's own {@code X-Request-Id} when it sent a usable one (a load balancer in front may have set
 * it), otherwise 32 random hex digits. Kept as a request attribute so the proxy, the error handler and the access
 * log all see the same id.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    static final String ATTRIBUTE = "dev.fulcrum.requestId";
    private static final int MAX_LENGTH = 128;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {
    }

    /** The request's id, assigned on first call. */
    public static String of(Request request) {
        Object id = request.getAttribute(ATTRIBUTE);
        if (id != null) {
            return (String) id;
        }
        String assigned = choose(request.getHeaders().get(HEADER));
        request.setAttribute(ATTRIBUTE, assigned);
        return assigned;
    }

    /** The same id, for the servlet that proxies the request. */
    public static String of(HttpServletRequest request) {
        return of(ServletContextRequest.getServletContextRequest(request));
    }

    static String choose(String offered) {
        return isUsable(offered) ? offered : generate();
    }

    /** Letters, digits and {@code - _ . : + / =}, 1 to 128 of them: safe in a header, a log line and JSON. */
    static boolean isUsable(String id) {
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

    static String generate() {
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
