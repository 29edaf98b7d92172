package dev.fulcrum.proxy;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import org.eclipse.jetty.http.HttpStatus;

/**
 * The body of a response Fulcrum produces itself (400, 408, 413, 414, 431, 502, 503, 504, 505): JSON
 * {@code {"error": "...", "status": N, "requestId": "..."}} for a client that accepts JSON, otherwise one line of
 * text. Never a framework page, a stack trace or a version. Written both by the proxy servlet (backend failures, no
 * backend) and by the server's error handler (requests Jetty refuses), which is why it also says which headers go
 * with it.
 *
 * @param contentType the value for the Content-Type header
 * @param body the encoded body
 */
public record ErrorResponse(int status, String requestId, String contentType, byte[] body) {

    /**
     * The response for {@code status}, worded by Fulcrum ({@link #reason}), never by an exception's text, which may
     * carry internals.
     *
     * @param accept the client's Accept header, or null
     */
    public static ErrorResponse of(int status, String requestId, String accept) {
        String message = reason(status);
        if (wantsJson(accept)) {
            String json = "{\"error\":\"" + escape(message) + "\",\"status\":" + status + ",\"requestId\":\""
                    + escape(requestId) + "\"}\n";
            return new ErrorResponse(status, requestId, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }
        String text = status + " " + HttpStatus.getMessage(status) + ": " + message + " (request " + requestId + ")\n";
        return new ErrorResponse(status, requestId, "text/plain;charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Hands {@code header} each header this response goes out with: its type and length, no caching, the request id,
     * the configured {@code Server} name if any, and, when the client is at fault, {@code Connection: close}, since
     * what is left of its request on the wire cannot be trusted.
     *
     * @param serverHeader the {@code --server-header} value, or null for none
     */
    public void headers(String serverHeader, BiConsumer<String, String> header) {
        header.accept("Content-Type", contentType);
        header.accept("Content-Length", Integer.toString(body.length));
        header.accept("Cache-Control", "no-store");
        header.accept(RequestIds.HEADER, requestId);
        if (serverHeader != null) {
            header.accept("Server", serverHeader);
        }
        if (status < 500) {
            header.accept("Connection", "close");
        }
    }

    /** What went wrong, in words that hold whatever the detail was. */
    static String reason(int status) {
        return switch (status) {
            case 400 -> "malformed or ambiguous request";
            case 408 -> "request not received in time";
            case 413 -> "request body too large";
            case 414 -> "request URI too long";
            case 431 -> "request headers too large";
            case 502 -> "no backend could serve the request";
            case 503 -> "no backend available";
            case 504 -> "backend did not answer in time";
            case 505 -> "HTTP version not supported";
            default -> status >= 500 ? "internal error" : "request refused";
        };
    }

    /** JSON when the client names it (or {@code application/*+json}) ahead of or instead of text; */
    static boolean wantsJson(String accept) {
        if (accept == null) {
            return false;
        }
        int json = indexOfJson(accept);
        if (json < 0) {
            return false;
        }
        int text = accept.indexOf("text/");
        return text < 0 || json < text;
    }

    private static int indexOfJson(String accept) {
        int plain = accept.indexOf("application/json");
        int suffix = accept.indexOf("+json");
        if (plain < 0) {
            return suffix;
        }
        return suffix < 0 ? plain : Math.min(plain, suffix);
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
