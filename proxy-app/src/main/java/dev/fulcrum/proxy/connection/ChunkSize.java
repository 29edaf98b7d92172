package dev.fulcrum.proxy.connection;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpException;

/**
 * Reads the size of each chunk of a chunked request body by its value, so that Jetty's parser, which counts digits,
 * never sees more than one leading zero. RFC 9112 7.1 allows any number ({@code chunk-size = 1*HEXDIG}); Jetty
 * refuses a 17th digit even when it is a leading zero. What is refused instead is a size whose value exceeds
 * 2<sup>63</sup>-1 (400) or takes the body past {@code --max-body} (413), before any byte of that chunk is taken.
 *
 * <p>Only the redundant zeros are consumed here; every other byte of the size line (the significant digits, the
 * extensions, the line end) is left for Jetty's parser, which frames the body from them. The value read here is
 * computed from the same digits, so it is the length Jetty frames, and so the length Fulcrum's own chunked framing
 * towards the backend carries: nothing can be read one way here and another way there. Zeros that end a read are
 * consumed and remembered, so the same size split across reads reads the same.
 */
final class ChunkSize {

    /** Nothing of this size line read yet. */
    private static final int START = 0;
    /** Only zeros so far, consumed here and not shown to the parser. */
    private static final int ZEROS = 1;
    /** Significant digits, which the parser reads too. */
    private static final int DIGITS = 2;
    /** The digits have ended; the parser reads the rest of the line. */
    private static final int DONE = 3;

    private long maxBody = -1;
    private int phase = DONE;
    private long value;
    private long declared;

    /** @param bytes the largest body, or -1 for no limit */
    void limitBody(long bytes) {
        maxBody = bytes;
    }

    /** The parser is at the first byte of a chunk-size line. */
    void begin() {
        phase = START;
        value = 0;
    }

    /** Whether a size line is being read, so the next read may hold more of it. */
    boolean isReading() {
        return phase != DONE;
    }

    /** A new message: its chunks' sizes add up from zero. */
    void reset() {
        phase = DONE;
        declared = 0;
    }

    /**
     * Reads the next bytes of the size line before the parser does: consumes leading zeros and reads the value of
     * the digits that follow, without consuming them.
     *
     * @return whether the parser must first be handed a single {@code 0}: the size was all zeros, consumed in earlier
     *     reads, and its line goes on in this one
     * @throws HttpException.RuntimeException 400 for a value above 2<sup>63</sup>-1, 413 for one past the body limit
     */
    boolean read(ByteBuffer buffer) {
        int start = buffer.position();
        int limit = buffer.limit();
        int i = start;
        if (phase == START || phase == ZEROS) {
            while (i < limit && buffer.get(i) == '0') {
                i++;
                phase = ZEROS;
            }
            buffer.position(i);
            if (i == limit) {
                return false;
            }
            if (hexValue(buffer.get(i)) < 0) {
                if (phase == START) {
                    // No digit at all: the parser refuses the line itself.
                    phase = DONE;
                    return false;
                }
                ended();
                if (i > start) {
                    // The size is zero and a zero of this read is still there for the parser to take.
                    buffer.position(i - 1);
                    return false;
                }
                return true;
            }
            phase = DIGITS;
        }
        if (phase == DIGITS) {
            for (; i < limit; i++) {
                int digit = hexValue(buffer.get(i));
                if (digit < 0) {
                    ended();
                    return false;
                }
                if (value > (Long.MAX_VALUE - digit) >>> 4) {
                    throw new HttpException.RuntimeException(400, "chunk size above 2^63-1");
                }
                value = value << 4 | digit;
            }
        }
        return false;
    }

    private void ended() {
        phase = DONE;
        declared = value > Long.MAX_VALUE - declared ? Long.MAX_VALUE : declared + value;
        if (maxBody >= 0 && declared > maxBody) {
            throw new HttpException.RuntimeException(413, "chunked body larger than --max-body");
        }
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
