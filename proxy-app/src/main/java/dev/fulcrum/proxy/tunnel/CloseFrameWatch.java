package dev.fulcrum.proxy.tunnel;

import java.nio.ByteBuffer;

/**
 * Follows the WebSocket frames (RFC 6455 5.2) one side of a tunnel sends by their headers alone, skipping payloads
 * unread, to tell when that side sends a Close frame. The side that sends the first one began the closing handshake,
 * and so closed the WebSocket, whichever side then ends its TCP connection first (RFC 6455 7.1.1 has the server do
 * that). Bytes that are not WebSocket frames only make the answer wrong, never the relay.
 */
final class CloseFrameWatch {

    private static final int OPCODE = 0;
    private static final int LENGTH = 1;
    private static final int EXTENDED_LENGTH = 2;
    private static final int MASKING_KEY = 3;
    private static final int PAYLOAD = 4;
    private static final int CLOSE = 0x8;

    private int state = OPCODE;
    private boolean masked;
    /** Bytes of the extended length, or of the masking key, still to come. */
    private int headerLeft;
    private long payloadLeft;

    /** Reads the frame headers among {@code bytes} without moving its position; true when a Close frame began. */
    boolean closeIn(ByteBuffer bytes) {
        boolean close = false;
        int i = bytes.position();
        int end = bytes.limit();
        while (i < end) {
            switch (state) {
                case OPCODE -> {
                    close |= (bytes.get(i++) & 0x0F) == CLOSE;
                    state = LENGTH;
                }
                case LENGTH -> {
                    int length = bytes.get(i++);
                    masked = (length & 0x80) != 0;
                    length &= 0x7F;
                    payloadLeft = length < 126 ? length : 0;
                    headerLeft = length == 126 ? 2 : length == 127 ? 8 : 0;
                    afterLength();
                }
                case EXTENDED_LENGTH -> {
                    payloadLeft = payloadLeft << 8 | bytes.get(i++) & 0xFF;
                    if (--headerLeft == 0) {
                        afterLength();
                    }
                }
                case MASKING_KEY -> {
                    i++;
                    if (--headerLeft == 0) {
                        afterHeader();
                    }
                }
                default -> {
                    long skipped = Math.min(payloadLeft, end - i);
                    i += (int) skipped;
                    payloadLeft -= skipped;
                    if (payloadLeft == 0) {
                        state = OPCODE;
                    }
                }
            }
        }
        return close;
    }

    private void afterLength() {
        if (headerLeft > 0) {
            state = EXTENDED_LENGTH;
        } else if (masked) {
            headerLeft = 4;
            state = MASKING_KEY;
        } else {
            afterHeader();
        }
    }

    private void afterHeader() {
        state = payloadLeft > 0 ? PAYLOAD : OPCODE;
    }
}
