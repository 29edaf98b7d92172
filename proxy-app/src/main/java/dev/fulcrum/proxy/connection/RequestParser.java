package dev.fulcrum.proxy.connection;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpParser;

/**
 * Jetty's HTTP/1 request parser, with Fulcrum's rules where Jetty's answer is not RFC 9112's:
 * <ul>
 *   <li>HTTP/0.9 ({@code GET /path} and no version) and a malformed version get 400, as nginx answers, where Jetty
 *       says 505; a well-formed version other than 1.0 and 1.1 keeps its 505 ({@link HttpVersionToken});</li>
 *   <li>a chunk size is read by its value, with any number of leading zeros, and refused when the value is above
 *       2<sup>63</sup>-1 or takes the body past {@code --max-body} ({@link ChunkSize}).</li>
 * </ul>
 *
 * <p>Jetty does all of the parsing; this class watches its state changes and, at the start of a chunk-size line,
 * takes the redundant zeros out of its way. An ordinary request costs a few compares.
 */
final class RequestParser extends HttpParser {

    /** A size line that was all zeros, consumed in earlier reads, as the parser must see it: one zero. */
    private static final byte[] ZERO = {'0'};

    private final HttpVersionToken version = new HttpVersionToken();
    private final ChunkSize chunkSize = new ChunkSize();
    /** What refused the body, which Jetty reports as a mere early EOF once the head has been handed on. */
    private HttpException bodyRefusal;
    /** The bytes the current {@link #parseNext} call parses, for the state hooks; null outside such a call. */
    private ByteBuffer parsing;
    /** The same while Jetty parses a chunked body, which is where a chunk-size line can begin within a read. */
    private ByteBuffer chunked;

    RequestParser(RequestHandler handler, int maxHeaderBytes, HttpCompliance compliance) {
        super(handler, maxHeaderBytes, compliance);
    }

    /** @param bytes the largest request body, or -1 for no limit */
    void limitBody(long bytes) {
        chunkSize.limitBody(bytes);
    }

    /**
     * Why the request body was refused with a status other than 400, or null: Jetty ends every failure after the
     * head as an early EOF, which would read as 400.
     */
    HttpException bodyRefusal() {
        return bodyRefusal;
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
        if (state == State.CHUNKED_CONTENT) {
            // The next byte begins a chunk-size line. After a chunk Jetty goes on to it in the same call, so it is
            // read here; after the head, when parseContent is next called.
            chunkSize.begin();
            if (chunked != null) {
                chunkSize.read(chunked);
            }
        } else if (state == State.REQUEST_VERSION && parsing != null) {
            version.begin(parsing);
        } else if (state == State.HEADER && version.isMalformed()) {
            // A version Jetty took case-insensitively ("http/1.1"): thrown here, it ends as the parser's bad message.
            throw malformedVersion();
        }
    }

    @Override
    protected boolean parseContent(ByteBuffer buffer) {
        State state = getState();
        if (state.ordinal() < State.CHUNKED_CONTENT.ordinal() || state.ordinal() > State.CHUNK_END.ordinal()) {
            return super.parseContent(buffer);
        }
        // Each byte is read here once, just before Jetty takes it: what is read and not consumed here, Jetty
        // consumes in the call below.
        if ((state == State.CHUNKED_CONTENT || state == State.CHUNK_SIZE) && chunkSize.isReading()
                && chunkSize.read(buffer)) {
            super.parseContent(ByteBuffer.wrap(ZERO));
        }
        chunked = buffer;
        try {
            return super.parseContent(buffer);
        } finally {
            chunked = null;
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
        if (failure.getCode() == 413) {
            bodyRefusal = failure;
        }
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
        chunkSize.reset();
        bodyRefusal = null;
    }

    private static HttpException.RuntimeException malformedVersion() {
        return new HttpException.RuntimeException(400, "malformed HTTP version");
    }
}
