package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.testing.LogCapture;
import dev.fulcrum.testing.RawHttp;
import dev.fulcrum.testing.Resources;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A backend's response head is read up to {@code --max-response-header-size}: a larger one gives the client 502 with
 * Fulcrum's own body, closes that backend connection and is logged, and a head within the limit reaches the client
 * whole, however Jetty writes it again.
 */
class ResponseHeadLimitTest {

    @RegisterExtension
    final Resources running = new Resources();

    private static final String GET = "GET /headers HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n";
    private static final String STATUS_LINE = "HTTP/1.1 200 OK\r\n";
    private static final String END_OF_HEAD = "Content-Length: 3\r\n\r\n";
    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private final LogCapture log = running.add(new LogCapture(BalancingProxyServlet.class));
    private final LogCapture accessLog = running.add(LogCapture.accessLog());

    @ParameterizedTest(name = "a {1}-byte head with a {0}-byte limit ({2} fields) -> {3}")
    @CsvSource({
        "16384,   17408,   one,   502",
        "65536,   1048576, one,   502",
        "65536,   65536,   short, 200",
        "65536,   65537,   short, 502",
    })
    void aHeadLargerThanTheLimitIs502(int limit, int headBytes, String fields, int status) throws Exception {
        String head = fields.equals("one") ? headWithOneField(headBytes) : headOfShortFields(headBytes);
        RecordingBackend backend = started(new RecordingBackend(head + "ok\n", false));
        TestProxy proxy = started(TestProxy.start(TestProxy.SETTINGS.withAccessLog(true)
                .withMaxResponseHeaderSize(limit), backend.port()));

        RawHttp.Exchange answer = RawHttp.exchange(proxy.port(), GET, READ_TIMEOUT_MILLIS);

        assertThat(answer.status()).isEqualTo(status);
        if (status == 200) {
            // Every "a:" field, written again by Jetty as "a: ": a quarter longer than the backend's head.
            assertThat(answer.head().split("\r\na: ", -1)).hasSize(head.split("\r\na:", -1).length);
            assertThat(answer.body()).isEqualTo("ok\n");
            return;
        }
        assertThat(answer.body()).isEqualTo("502 Bad Gateway: no backend could serve the request (request "
                + answer.header("X-Request-Id").orElseThrow() + ")\n");
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(backend.closedByProxy()).as("backend connections Fulcrum closed").isEqualTo(1));
        assertThat(log.messages()).anyMatch(line -> line.equals("WARN backend b1 sent a malformed response to GET "
                + "/headers: response head larger than --max-response-header-size"));
        await().untilAsserted(() -> assertThat(accessLog.messages()).anyMatch(line ->
                line.contains(" GET /headers -> b1 502 ")
                        && line.endsWith(" (response head larger than --max-response-header-size)")));
        assertThat(proxy.strikes()).as("passive-health strikes").isEmpty();
    }

    /**
     * The memory a head costs is bounded by the limit, not by what the backend sends, and none of it is kept. (Read
     * whole, 1 MB heads at 50 at a time had grown Fulcrum's heap from 154 to 250 MB: garbage, not a leak.)
     */
    @Test
    void repeatedMegabyteHeadsLeaveTheHeapWhereItWas() throws Exception {
        RecordingBackend backend = started(new RecordingBackend(headWithOneField(1024 * 1024) + "ok\n", false));
        TestProxy proxy = started(TestProxy.start(backend.port()));
        ExecutorService clients = Executors.newFixedThreadPool(20);
        running.add(clients::shutdownNow);
        answerAll(clients, proxy, 100);
        long before = heapUsedAfterGc();
        long allocatedBefore = allocatedByAllThreads();

        answerAll(clients, proxy, 1_000);

        long allocatedPerResponse = (allocatedByAllThreads() - allocatedBefore) / 1_000;
        long grownBy = heapUsedAfterGc() - before;
        assertThat(grownBy).as("heap growth in bytes after 1,000 responses").isLessThan(16L * 1024 * 1024);
        // Read whole, each head would cost more than its megabyte; read up to the limit (64 KB), a few times that.
        assertThat(allocatedPerResponse).as("bytes allocated per response").isLessThan(1024L * 1024);
    }

    private static void answerAll(ExecutorService clients, TestProxy proxy, int requests) throws Exception {
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            statuses.add(clients.submit(() -> RawHttp.exchange(proxy.port(), GET, READ_TIMEOUT_MILLIS).status()));
        }
        for (Future<Integer> status : statuses) {
            assertThat(status.get()).isEqualTo(502);
        }
    }

    /** Bytes allocated so far by the threads alive now (threads that ended meanwhile are not counted). */
    private static long allocatedByAllThreads() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, allocated);
        }
        return total;
    }

    private static long heapUsedAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A head of exactly {@code bytes} bytes, most of them in one field. */
    private static String headWithOneField(int bytes) {
        String field = "X-Large: \r\n";
        int filler = bytes - STATUS_LINE.length() - field.length() - END_OF_HEAD.length();
        return STATUS_LINE + "X-Large: " + "v".repeat(filler) + "\r\n" + END_OF_HEAD;
    }

    /**
     * A head of exactly {@code bytes} bytes in the shortest fields there are, {@code a:} and CRLF, which Jetty writes
     * again a quarter longer ({@code a: }).
     */
    private static String headOfShortFields(int bytes) {
        int room = bytes - STATUS_LINE.length() - END_OF_HEAD.length();
        StringBuilder head = new StringBuilder(STATUS_LINE);
        int fields = room / 4 - 1;
        head.append("a:\r\n".repeat(fields));
        int rest = room - fields * 4;
        head.append("b:").append("v".repeat(rest - 4)).append("\r\n");
        return head.append(END_OF_HEAD).toString();
    }

    private <T extends AutoCloseable> T started(T closeable) {
        running.add(closeable);
        return closeable;
    }
}
