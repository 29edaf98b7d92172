package dev.fulcrum.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BufferedConsoleAppenderTest {

    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("fulcrum.access");
    private BufferedConsoleAppender appender;

    @AfterEach
    void stopLogging() {
        context.stop();
    }

    @Test
    void linesArriveWholeAndInOrderInFarFewerWritesThanLines() {
        RecordingOutput out = new RecordingOutput();
        start(out, Duration.ofMillis(200));

        for (int i = 0; i < 5000; i++) {
            logger.info("request {}", i);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> out.text().endsWith("request 4999\n"));
        String[] lines = out.text().split("\n");
        assertThat(lines).hasSize(5000);
        for (int i = 0; i < lines.length; i++) {
            assertThat(lines[i]).isEqualTo("INFO request " + i);
        }
        assertThat(out.writes.get()).isLessThan(100);
    }

    @Test
    void aLoneLineWaitsForTheFlushIntervalAndThenIsWrittenWithoutMoreTraffic() {
        RecordingOutput out = new RecordingOutput();
        start(out, Duration.ofMillis(500));

        logger.info("GET /a -> b1 200");

        assertThat(out.text()).as("written at once, not batched").isEmpty();
        await().atMost(Duration.ofSeconds(3)).until(() -> out.text().equals("INFO GET /a -> b1 200\n"));
        assertThat(out.writes.get()).isEqualTo(1);
    }

    @Test
    void stoppingWritesWhatIsStillBuffered() {
        RecordingOutput out = new RecordingOutput();
        start(out, Duration.ofHours(1));
        logger.info("one");
        logger.info("two");

        appender.stop();

        assertThat(out.text()).isEqualTo("INFO one\nINFO two\n");
    }

    @Test
    void aBlockedOutputNeverBlocksTheLoggingThreadAndTheDroppedLinesAreCounted() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        RecordingOutput out = new RecordingOutput() {
            @Override
            public void write(byte[] bytes, int offset, int length) {
                writing.countDown();
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.write(bytes, offset, length);
            }
        };
        start(out, Duration.ofMillis(10));
        String padding = "x".repeat(1000);
        try {
            logger.info("first");
            assertThat(writing.await(5, TimeUnit.SECONDS)).as("writer started its first write").isTrue();

            // Far more than the buffer's cap, while the writer is stuck in its first write.
            Thread logging = new Thread(() -> {
                for (int i = 0; i < 5000; i++) {
                    logger.info("{} {}", i, padding);
                }
            });
            logging.start();
            logging.join(Duration.ofSeconds(10).toMillis());
            assertThat(logging.isAlive()).as("logging thread still blocked").isFalse();
        } finally {
            released.countDown();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> out.text().contains("lines dropped"));
        logger.info("after");
        await().atMost(Duration.ofSeconds(5)).until(() -> out.text().contains("INFO after\n"));

        long written = out.text().lines().filter(line -> line.endsWith(padding)).count();
        long dropped = out.text().lines().filter(line -> line.contains("lines dropped"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).sum();
        assertThat(out.text().lines().filter(line -> line.contains("lines dropped")))
                .allMatch(line -> line.matches("WARN log output fell behind: \\d+ lines dropped"));
        assertThat(dropped).isPositive();
        assertThat(written + dropped).isEqualTo(5000);
    }

    private void start(OutputStream out, Duration flushInterval) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %msg%n");
        encoder.start();
        appender = new BufferedConsoleAppender(() -> out, flushInterval);
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.start();
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(appender);
    }

    /** The bytes written and how many write calls brought them. */
    private static class RecordingOutput extends OutputStream {
        final AtomicInteger writes = new AtomicInteger();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int offset, int length) {
            writes.incrementAndGet();
            bytes.write(b, offset, length);
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
