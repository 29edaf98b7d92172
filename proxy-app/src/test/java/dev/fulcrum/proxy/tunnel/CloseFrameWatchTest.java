package dev.fulcrum.proxy.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Close frame is found by frame headers alone, whatever the payloads hold and however the bytes are cut into
 * reads: short, 16-bit and 64-bit lengths, masked (client) and unmasked (server) frames.
 */
class CloseFrameWatchTest {

    /** A text frame, a masked binary frame of 300 bytes and an unmasked one of 70000, all full of 0x88, then Close. */
    private static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x81, 2, 'h', 'i'});
        out.writeBytes(new byte[] {(byte) 0x82, (byte) (0x80 | 126), 1, 44, 1, 2, 3, 4});
        out.writeBytes(payload(300));
        out.writeBytes(new byte[] {(byte) 0x82, 127, 0, 0, 0, 0, 0, 1, 17, 112});
        out.writeBytes(payload(70_000));
        out.writeBytes(new byte[] {(byte) 0x88, (byte) 0x82, 9, 9, 9, 9, 3, (byte) 0xe9});
        return out.toByteArray();
    }

    private static byte[] payload(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 0x88);
        return bytes;
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 7, 300, 1000, 100_000})
    void theCloseFrameIsFoundInTheReadThatHoldsItsFirstByte(int readSize) {
        byte[] stream = stream();
        int closeAt = stream.length - 8;
        CloseFrameWatch watch = new CloseFrameWatch();

        List<Integer> readsWithClose = new ArrayList<>();
        for (int from = 0; from < stream.length; from += readSize) {
            ByteBuffer read = ByteBuffer.wrap(stream, from, Math.min(readSize, stream.length - from));
            int position = read.position();
            if (watch.closeIn(read)) {
                readsWithClose.add(from);
            }
            assertThat(read.position()).isEqualTo(position);
        }

        assertThat(readsWithClose).containsExactly(closeAt - closeAt % readSize);
    }
}
