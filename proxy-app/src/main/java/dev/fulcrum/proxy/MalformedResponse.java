package dev.fulcrum.proxy;

import dev.fulcrum.lang.Causes;
import java.io.EOFException;
import org.eclipse.jetty.http.HttpException;

/**
 * Recognises, from the failure of a backend exchange, a backend that answered with bytes that are not a valid HTTP
 * response, and says in a few words what was wrong, for a log line that names the backend.
 *
 * <p>Jetty's client reports a bad status line, a bad header or ambiguous framing in the head as an
 * {@link HttpException}. Once the head is complete its parser no longer tells a bad chunk size from a body cut short:
 * both end the exchange as an early EOF. Either way the backend broke its own framing, so both count as malformed.
 * So does a head larger than {@code --max-response-header-size}: Fulcrum cannot pass it on.
 */
final class MalformedResponse {

    private static final int MAX_REASON = 120;
    /** How Jetty's client parser refuses a head past its limit (HttpParser, with the response status as the code). */
    private static final String HEAD_TOO_LARGE = "Response Header Bytes Too Large";

    private MalformedResponse() {
    }

    /**
     * @param headReceived whether the backend's response head had been parsed when the exchange failed
     * @return what was malformed, or {@code null} when the failure is not a malformed response (a refused connect,
     *     a timeout, a connection closed before any response)
     */
    static String reason(Throwable failure, boolean headReceived) {
        HttpException http = Causes.find(failure, HttpException.class);
        if (http != null && HEAD_TOO_LARGE.equals(http.getReason())) {
            return "response head larger than --max-response-header-size";
        }
        if (http != null) {
            // The reason is the parser's own short phrase ("Multiple Content-Lengths"); the exception's message
            // would drag in the whole connection's description.
            return printable(http.getReason());
        }
        if (headReceived && Causes.find(failure, EOFException.class) != null) {
            return "body cut short or badly framed";
        }
        return null;
    }

    /** The reason may quote what the backend sent; a log line must stay one line of plain text. */
    private static String printable(String reason) {
        if (reason == null) {
            return "unparseable response";
        }
        StringBuilder out = new StringBuilder(Math.min(reason.length(), MAX_REASON));
        for (int i = 0; i < reason.length() && i < MAX_REASON; i++) {
            char c = reason.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return out.toString();
    }
}
