package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The parser alone, fed each request whole, split in two at every byte, and one byte at a time: whatever the reads
 * look like, the outcome is the same.
 */
class RequestParserTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n      | HTTP/1.1",
        "GET / HTTP/1.0\\r\\n\\r\\n                   | HTTP/1.0",
        "GET / HTTP/1.1\\nHost: a\\n\\n               | HTTP/1.1",
        "GET / HTTP/1.2\\r\\nHost: a\\r\\n\\r\\n      | bad 505",
        "GET / HTTP/3.0\\r\\nHost: a\\r\\n\\r\\n      | bad 505",
        "GET / HTTP/1\\r\\nHost: a\\r\\n\\r\\n        | bad 400",
        "GET / HTTP/11\\r\\nHost: a\\r\\n\\r\\n       | bad 400",
        "GET / HTTP/1.1.1\\r\\nHost: a\\r\\n\\r\\n    | bad 400",
        "GET / HTTP/1.10\\r\\nHost: a\\r\\n\\r\\n     | bad 400",
        "GET / http/1.1\\r\\nHost: a\\r\\n\\r\\n      | bad 400",
        "GET / Http/1.0\\r\\n\\r\\n                   | bad 400",
        "GET / FOO/1.1\\r\\nHost: a\\r\\n\\r\\n       | bad 400",
        "GET /\\r\\n                                  | bad 400",
        "GET / \\r\\n                                 | bad 400",
    })
    void requestLineVersion(String request, String outcome) {
        assertSameOutcomeForEveryRead(unescape(request), outcome);
    }

    static void assertSameOutcomeForEveryRead(String request, String outcome) {
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(parse(List.of(bytes))).as("in one read").isEqualTo(outcome);
        for (int split = 1; split < bytes.length; split++) {
            List<byte[]> reads = List.of(slice(bytes, 0, split), slice(bytes, split, bytes.length));
            assertThat(parse(reads)).as("split after byte %d", split).isEqualTo(outcome);
        }
        List<byte[]> oneByteEach = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            oneByteEach.add(slice(bytes, i, i + 1));
        }
        assertThat(parse(oneByteEach)).as("one byte per read").isEqualTo(outcome);
    }

    /** What the parser made of the reads: the version and body of a complete request, or {@code bad} and a status. */
    static String parse(List<byte[]> reads) {
        return parse(reads, -1);
    }

    static String parse(List<byte[]> reads, long maxBody) {
        Recorder recorder = new Recorder();
        RequestParser parser = new RequestParser(recorder, 16 * 1024, HttpCompliance.RFC9110);
        for (byte[] read : reads) {
            ByteBuffer buffer = ByteBuffer.wrap(read);
            while (buffer.hasRemaining() && recorder.outcome == null) {
                parser.parseNext(buffer);
            }
            if (recorder.outcome != null) {
                break;
            }
        }
        return recorder.outcome == null ? "incomplete" : recorder.outcome;
    }

    static String unescape(String escaped) {
        return escaped.replace("\\r", "\r").replace("\\n", "\n");
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        byte[] part = new byte[to - from];
        System.arraycopy(bytes, from, part, 0, part.length);
        return part;
    }

    private static final class Recorder implements HttpParser.RequestHandler {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private HttpVersion version;
        private String outcome;

        @Override
        public void startRequest(String method, String uri, HttpVersion version) {
            this.version = version;
        }

        @Override
        public boolean content(ByteBuffer buffer) {
            while (buffer.hasRemaining()) {
                body.write(buffer.get());
            }
            return false;
        }

        @Override
        public boolean headerComplete() {
            return false;
        }

        @Override
        public boolean contentComplete() {
            return false;
        }

        @Override
        public boolean messageComplete() {
            outcome = body.size() == 0 ? version.asString()
                    : version.asString() + " " + body.toString(StandardCharsets.ISO_8859_1);
            return true;
        }

        @Override
        public void parsedHeader(HttpField field) {
        }

        @Override
        public void earlyEOF() {
            outcome = "bad 400";
        }

        @Override
        public void badMessage(HttpException failure) {
            outcome = "bad " + failure.getCode();
        }
    }
}
