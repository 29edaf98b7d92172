package dev.fulcrum.proxy.connection;

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

    /**
     * Each chunked body with its sizes written with as few digits as possible, and with leading zeros: the zeros never
     * change what the parser reads, and a value above 2^63-1 is refused however it is written.
     */
    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "5\\r\\nhello\\r\\n0\\r\\n\\r\\n                               | 33 | HTTP/1.1 hello",
        "5\\r\\nhello\\r\\n6\\r\\n world\\r\\n0\\r\\n\\r\\n             | 40 | HTTP/1.1 hello world",
        "5;name=value\\r\\nhello\\r\\n0;last\\r\\n\\r\\n               | 20 | HTTP/1.1 hello",
        "a\\r\\n0123456789\\r\\n0\\r\\n\\r\\n                          | 17 | HTTP/1.1 0123456789",
        "0\\r\\n\\r\\n                                                | 35 | HTTP/1.1",
        "5\\r\\nhello\\r\\n0\\r\\nTrailer: x\\r\\n\\r\\n                   | 3  | HTTP/1.1 hello",
        "0 \\r\\n\\r\\n                                               | 16 | bad 400",
        "zz\\r\\nhello\\r\\n0\\r\\n\\r\\n                              | 0  | bad 400",
        "5x\\r\\nhello\\r\\n0\\r\\n\\r\\n                              | 20 | bad 400",
        "7fffffffffffffff\\r\\nhello                                  | 33 | incomplete",
        "8000000000000000\\r\\nhello                                  | 33 | bad 400",
        "ffffffffffffffff\\r\\nhello                                  | 1  | bad 400",
        "10000000000000000\\r\\nhello                                 | 1  | bad 400",
        "100000000000000000000000000000000\\r\\nhello                 | 1  | bad 400",
        "5\\r\\nhello\\r\\n8000000000000000\\r\\nworld                 | 20 | bad 400",
    })
    void chunkSizesAreReadByValue(String body, int zeros, String outcome) {
        String head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
        String plain = unescape(body);
        assertSameOutcomeForEveryRead(head + plain, -1, outcome);
        assertSameOutcomeForEveryRead(head + padded(plain, zeros), -1, outcome);
    }

    @ParameterizedTest(name = "{0} with at most {1} bytes -> {2}")
    @CsvSource(delimiter = '|', value = {
        "a\\r\\n0123456789\\r\\n0\\r\\n\\r\\n                          | 10 | HTTP/1.1 0123456789",
        "b\\r\\n0123456789a\\r\\n0\\r\\n\\r\\n                         | 10 | bad 413",
        "00000000000000000000b\\r\\n0123456789a\\r\\n0\\r\\n\\r\\n     | 10 | bad 413",
        "5\\r\\nhello\\r\\n6\\r\\n world\\r\\n0\\r\\n\\r\\n             | 10 | bad 413",
        "7fffffffffffffff\\r\\nhello                                  | 10 | bad 413",
        "0\\r\\n\\r\\n                                                | 0  | HTTP/1.1",
    })
    void chunkSizesBeyondTheBodyLimitAre413(String body, long maxBody, String outcome) {
        assertSameOutcomeForEveryRead("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + unescape(body), maxBody, outcome);
    }

    /** {@code body} with {@code zeros} more leading zeros on every chunk-size line. */
    private static String padded(String body, int zeros) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            String line = eol < 0 ? body.substring(i) : body.substring(i, eol);
            out.append("0".repeat(zeros)).append(line);
            if (eol < 0) {
                break;
            }
            out.append("\r\n");
            i = eol + 2;
            long size = leadingHexValue(line);
            if (size <= 0) {
                // The last chunk, or a size that does not parse: what follows is kept as it is.
                out.append(body, i, body.length());
                break;
            }
            int next = (int) Math.min(body.length(), i + size + 2);
            out.append(body, i, next);
            i = next;
        }
        return out.toString();
    }

    private static long leadingHexValue(String line) {
        int digits = 0;
        while (digits < line.length() && Character.digit(line.charAt(digits), 16) >= 0) {
            digits++;
        }
        if (digits == 0) {
            return -1;
        }
        return digits > 15 ? Long.MAX_VALUE : Long.parseLong(line.substring(0, digits), 16);
    }

    static void assertSameOutcomeForEveryRead(String request, String outcome) {
        assertSameOutcomeForEveryRead(request, -1, outcome);
    }

    static void assertSameOutcomeForEveryRead(String request, long maxBody, String outcome) {
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(parse(List.of(bytes), maxBody)).as("in one read").isEqualTo(outcome);
        for (int split = 1; split < bytes.length; split++) {
            List<byte[]> reads = List.of(slice(bytes, 0, split), slice(bytes, split, bytes.length));
            assertThat(parse(reads, maxBody)).as("%s split after byte %d", request, split).isEqualTo(outcome);
        }
        List<byte[]> oneByteEach = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            oneByteEach.add(slice(bytes, i, i + 1));
        }
        assertThat(parse(oneByteEach, maxBody)).as("one byte per read").isEqualTo(outcome);
    }

    /**
     * What the parser made of the reads: the version and body of a complete request, or {@code bad} and the status
     * the client gets (a refusal after the head reaches the client through {@link RequestParser#bodyRefusal}, else
     * as Jetty's early EOF, 400).
     */
    static String parse(List<byte[]> reads, long maxBody) {
        Recorder recorder = new Recorder();
        RequestParser parser = new RequestParser(recorder, 16 * 1024, HttpCompliance.RFC9110);
        parser.limitBody(maxBody);
        for (byte[] read : reads) {
            ByteBuffer buffer = ByteBuffer.wrap(read);
            while (buffer.hasRemaining() && recorder.outcome == null) {
                parser.parseNext(buffer);
            }
            if (recorder.outcome != null) {
                break;
            }
        }
        if (recorder.earlyEof) {
            return "bad " + (parser.bodyRefusal() == null ? 400 : parser.bodyRefusal().getCode());
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
        private boolean earlyEof;

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
            earlyEof = true;
            outcome = "early EOF";
        }

        @Override
        public void badMessage(HttpException failure) {
            outcome = "bad " + failure.getCode();
        }
    }
}
