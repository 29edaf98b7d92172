package dev.fulcrum.proxy;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpParser;

/**
 * Jetty's HTTP/1 request parser, with the request-line rules where Jetty's answer is not RFC 9112's: HTTP/0.9
 * ({@code GET /path} and no version) and a malformed version get 400, as nginx answers, where Jetty says 505; a
 * well-formed version other than 1.0 and 1.1 keeps its 505 ({@link HttpVersionToken}).
 *
 * <p>Jetty does all of the parsing; this class only watches its state changes, which cost nothing on the fast path.
 */
final class RequestParser extends HttpParser {

    private final HttpVersionToken version = new HttpVersionToken();
    /** The bytes the current {@link #parseNext} call parses, for the state hooks; null outside such a call. */
    private ByteBuffer parsing;

    RequestParser(RequestHandler handler, int maxHeaderBytes, HttpCompliance compliance) {
        super(handler, maxHeaderBytes, compliance);
    }

    @Override
    public boolean parseNext(ByteBuffer buffer) {
        if (version.isOpen()) {
            version.collect(buffer);
        }
        parsing = buffer;
        try {
            return super.parseNext(buffer);
        } finally {
            parsing = null;
        }
    }

    @Override
    protected void setState(State state) {
        super.setState(state);
        if (state == State.REQUEST_VERSION && parsing != null) {
            version.begin(parsing);
        } else if (state == State.HEADER && version.isMalformed()) {
            // A version Jetty took case-insensitively ("http/1.1"): thrown here, it ends as the parser's bad message.
            throw malformedVersion();
        }
    }

    @Override
    protected void reportComplianceViolation(HttpCompliance.Violation violation, String reason) {
        super.reportComplianceViolation(violation, reason);
        if (violation == HttpCompliance.Violation.HTTP_0_9) {
            // RFC 9112 2.3: a request line ends with a version; without one there is no HTTP/1 request to answer.
            throw new HttpException.RuntimeException(400, "request line without a version (HTTP/0.9)");
        }
    }

    @Override
    protected void badMessage(HttpException failure) {
        if (failure.getCode() == 505 && version.isMalformed()) {
            super.badMessage(malformedVersion());
            return;
        }
        super.badMessage(failure);
    }

    @Override
    public void reset() {
        super.reset();
        version.reset();
    }

    private static HttpException.RuntimeException malformedVersion() {
        return new HttpException.RuntimeException(400, "malformed HTTP version");
    }
}
