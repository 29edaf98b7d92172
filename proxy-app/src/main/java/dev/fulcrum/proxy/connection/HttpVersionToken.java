package dev.fulcrum.proxy.connection;

import java.nio.ByteBuffer;

/**
 * The version at the end of a request line, collected as the parser reads it, to tell a malformed version from a
 * well-formed one Fulcrum does not speak. RFC 9112 2.3 defines {@code HTTP-version = "HTTP" "/" DIGIT "." DIGIT},
 * case-sensitive: {@code HTTP/1.2} or {@code HTTP/3.0} is a version (505), but {@code HTTP/1}, {@code HTTP/11},
 * {@code http/1.1} or {@code FOO/1.1} is not one at all, so the request line cannot be parsed (400). Jetty's parser
 * answers 505 to every version it does not know and takes {@code http/1.1} for {@code HTTP/1.1}.
 *
 * <p>Only requests that miss Jetty's fast path (exactly {@code HTTP/1.1} or {@code HTTP/1.0} and CRLF in one read)
 * get here, and a token longer than a version is not kept beyond that.
 */
final class HttpVersionToken {

    private static final int LENGTH = "HTTP/1.1".length();

    private final byte[] token = new byte[LENGTH];
    private int length;
    private boolean overlong;
    private boolean open;
    private boolean seen;

    /** The parser starts reading a version whose first byte it has just taken from {@code buffer}. */
    void begin(ByteBuffer buffer) {
        length = 0;
        overlong = false;
        open = true;
        seen = true;
        collect(buffer, buffer.position() - 1);
    }

    /** Whether the token began and its end has not been read yet, so the next read continues it. */
    boolean isOpen() {
        return open;
    }

    /** Continues a token split across reads with the bytes the parser is about to read. */
    void collect(ByteBuffer buffer) {
        collect(buffer, buffer.position());
    }

    private void collect(ByteBuffer buffer, int from) {
        for (int i = from; i < buffer.limit(); i++) {
            byte b = buffer.get(i);
            if (b == '\r' || b == '\n' || b == ' ' || b == '\t') {
                open = false;
                return;
            }
            if (length == LENGTH) {
                overlong = true;
            } else {
                token[length++] = b;
            }
        }
    }

    /** Whether a version was collected for this request and is not {@code HTTP/DIGIT.DIGIT}. */
    boolean isMalformed() {
        return seen && (overlong || !wellFormed(token, length));
    }

    /** Forgets the token, for the next request. */
    void reset() {
        seen = false;
        open = false;
    }

    static boolean wellFormed(byte[] token, int length) {
        return length == LENGTH && token[0] == 'H' && token[1] == 'T' && token[2] == 'T' && token[3] == 'P'
                && token[4] == '/' && isDigit(token[5]) && token[6] == '.' && isDigit(token[7]);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
