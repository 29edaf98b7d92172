package dev.fulcrum.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Writes log lines to standard output in batches, for the access log: the thread that logs only encodes its line into
 * a buffer, and one writer thread hands the buffer to the operating system when it fills, or a flush interval after
 * the first line it holds.
 *
 * <p>Logback's {@code AsyncAppender} wakes its worker thread for every event, and its console appender makes one
 * {@code write} system call per line: on a proxy that is a thread hand-off and a system call for every request, which
 * measured at about a fifth of the CPU a proxied request costs (docs/performance.md). Here both happen once per batch,
 * as with nginx's buffered {@code access_log}. A batch goes through {@code System.out} in one call, so it never
 * interleaves with lines other appenders write there. A logging thread never waits for the output: when the output
 * cannot keep up and the buffer reaches its cap, lines are dropped, and a warning saying how many follows once output
 * resumes.
 */
public final class BufferedConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** A batch this large is written without waiting for the flush interval. */
    static final int BATCH_BYTES = 32 * 1024;
    /** Lines that would grow the buffer past this are dropped. */
    static final int MAX_BUFFERED_BYTES = 1024 * 1024;
    static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(200);
    /** How long a stop waits for a stalled output before giving up on what is buffered, as AsyncAppender's default. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(1);

    private final Supplier<OutputStream> output;
    private final long flushIntervalNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition hasLines = lock.newCondition();
    private final Condition batchFull = lock.newCondition();
    private Encoder<ILoggingEvent> encoder;
    private Thread writer;

    // Guarded by lock.
    private byte[] filling = new byte[BATCH_BYTES];
    private int filled;
    private long firstLineNanos;
    private long dropped;
    private long droppedInAll;
    private boolean stopping;

    // The writer thread's own (and stop()'s, once the writer has ended).
    private byte[] writing = new byte[BATCH_BYTES];

    /** Writes to {@code System.out} as it is when each batch is written, so that a redirect of it is respected. */
    public BufferedConsoleAppender() {
        this(() -> System.out, DEFAULT_FLUSH_INTERVAL);
    }

    BufferedConsoleAppender(Supplier<OutputStream> output, Duration flushInterval) {
        this.output = output;
        this.flushIntervalNanos = flushInterval.toNanos();
    }

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (encoder == null) {
            addError("No encoder set for the appender named [" + name + "].");
            return;
        }
        lock.lock();
        try {
            stopping = false;
        } finally {
            lock.unlock();
        }
        writer = new Thread(this::writeBatches, "fulcrum-log-writer");
        writer.setDaemon(true);
        writer.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        byte[] line = encoder.encode(event);
        lock.lock();
        try {
            int before = filled;
            if (before + line.length > MAX_BUFFERED_BYTES) {
                dropped++;
                droppedInAll++;
                return;
            }
            if (before + line.length > filling.length) {
                filling = Arrays.copyOf(filling, Math.min(MAX_BUFFERED_BYTES,
                        Math.max(before + line.length, 2 * filling.length)));
            }
            System.arraycopy(line, 0, filling, before, line.length);
            filled = before + line.length;
            // Two wake-ups per batch at most: its first line, and the line that fills it.
            if (before == 0) {
                firstLineNanos = System.nanoTime();
                hasLines.signal();
            } else if (before < BATCH_BYTES && filled >= BATCH_BYTES) {
                batchFull.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Lines dropped since start because the output could not keep up. */
    public long droppedLines() {
        lock.lock();
        try {
            return droppedInAll;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The lines dropped so far by the appender of this kind that the logger {@code loggerName} writes to, read when
     * called; always 0 when Logback or such an appender is not in use.
     */
    public static LongSupplier droppedLinesOf(String loggerName) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext loggers) {
            for (Iterator<Appender<ILoggingEvent>> all = loggers.getLogger(loggerName).iteratorForAppenders();
                 all.hasNext(); ) {
                if (all.next() instanceof BufferedConsoleAppender buffered) {
                    return buffered::droppedLines;
                }
            }
        }
        return () -> 0;
    }

    /** Stops taking lines and writes what is buffered, waiting at most a second for a stalled output. */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        lock.lock();
        try {
            stopping = true;
            hasLines.signal();
            batchFull.signal();
        } finally {
            lock.unlock();
        }
        try {
            writer.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!writer.isAlive()) {
            // A thread that passed the started check just before the stop may have added a line after the writer's
            // last batch.
            writeBatch();
        }
    }

    private void writeBatches() {
        boolean last = false;
        while (!last) {
            lock.lock();
            try {
                while (filled == 0 && !stopping) {
                    hasLines.awaitUninterruptibly();
                }
                long wait = flushIntervalNanos - (System.nanoTime() - firstLineNanos);
                while (filled < BATCH_BYTES && !stopping && wait > 0) {
                    wait = awaitBatch(wait);
                }
                last = stopping;
            } finally {
                lock.unlock();
            }
            writeBatch();
        }
    }

    /** Takes the buffered lines and writes them; only one thread at a time may call this (it uses {@code writing}). */
    private void writeBatch() {
        int length;
        long droppedLines;
        lock.lock();
        try {
            byte[] full = filling;
            filling = writing;
            writing = full;
            length = filled;
            filled = 0;
            droppedLines = dropped;
            dropped = 0;
        } finally {
            lock.unlock();
        }
        write(writing, length);
        if (droppedLines > 0) {
            byte[] notice = encoder.encode(droppedNotice(droppedLines));
            write(notice, notice.length);
        }
    }

    private ILoggingEvent droppedNotice(long droppedLines) {
        LoggerContext loggers = (LoggerContext) getContext();
        return new LoggingEvent(BufferedConsoleAppender.class.getName(),
                loggers.getLogger(BufferedConsoleAppender.class), Level.WARN,
                "log output fell behind: {} lines dropped", null, new Object[] {droppedLines});
    }

    private long awaitBatch(long nanos) {
        try {
            return batchFull.awaitNanos(nanos);
        } catch (InterruptedException e) {
            // Only stop() ends this thread, so that no buffered line is lost to a stray interrupt.
            return 0;
        }
    }

    private void write(byte[] bytes, int length) {
        if (length == 0) {
            return;
        }
        OutputStream out = output.get();
        try {
            out.write(bytes, 0, length);
            out.flush();
            if (out instanceof PrintStream print && print.checkError()) {
                addError("Could not write " + length + " bytes of log lines to standard output");
            }
        } catch (IOException | RuntimeException e) {
            // The batch is lost, but the writer lives on: a later batch may find the output working again.
            addError("Could not write " + length + " bytes of log lines", e);
        }
    }
}
