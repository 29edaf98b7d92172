package dev.fulcrum.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.testing.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One request as raw bytes on its own connection ({@link RawHttp}), read until the server closes it, with the
 * answer's JSON body: for what an HTTP client will not send (a bad escape, a Host of the test's choosing, a 17 KB
 * header).
 */
final class RawRequest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The answer: its status line's code, its head and its body as received. */
    record Answer(int status, String head, String body) {

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private RawRequest() {
    }

    /** Sends {@code head} (request line and headers, without the blank line), the blank line, then {@code body}. */
    static Answer send(int port, String head, String body) throws IOException {
        return send(port, head, body, false);
    }

    /** As {@link #send(int, String, String)}, then closes the sending side, as a client that gave up does. */
    static Answer sendAndStop(int port, String head, String body) throws IOException {
        return send(port, head, body, true);
    }

    private static Answer send(int port, String head, String body, boolean stop) throws IOException {
        String request = head + "\r\nConnection: close\r\n\r\n" + (body == null ? "" : body);
        RawHttp.Exchange exchange = RawHttp.exchange(port, request.getBytes(StandardCharsets.UTF_8), stop, 10_000);
        String answerBody = exchange.body();
        if (exchange.head().toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            answerBody = unchunk(answerBody);
        }
        return new Answer(exchange.status(), exchange.head(), answerBody);
    }

    static Answer get(int port, String target, String... headers) throws IOException {
        return send(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + (headers.length == 0 ? "" : "\r\n" + String.join("\r\n", headers)), null);
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
