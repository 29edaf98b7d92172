package dev.fulcrum.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes log lines to standard output in batches, for the access log: the thread that logs only encodes its line into
 * a buffer, and one writer thread hands the buffer to the operating system when it fills, or at most a flush interval
 * after its first line.
 *
 * <p>Logback's {@code AsyncAppender} wakes its worker thread for every event, and its console appender makes one
 * {@code write} system call per line: on a proxy that is a thread hand-off and a system call for every request, which
 * measured at about a fifth of the CPU a proxied request costs (docs/performance.md). Here both happen once per batch,
 * as with nginx's buffered {@code access_log}. A logging thread never waits for the output: when the output cannot keep
 * up and the buffer reaches its cap, lines are dropped, and a line saying how many follows once output resumes.
 */
public final class BufferedConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** A batch this large is written without waiting for the flush interval. */
    static final int BATCH_BYTES = 32 * 1024;
    /** Lines that would grow the buffer past this are dropped. */
    static final int MAX_BUFFERED_BYTES = 1024 * 1024;
    static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(200);

    private final OutputStream out;
    private final long flushIntervalNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition hasLines = lock.newCondition();
    private final Condition batchFull = lock.newCondition();
    private Encoder<ILoggingEvent> encoder;
    private Thread writer;

    // Guarded by lock.
    private byte[] filling = new byte[BATCH_BYTES];
    private int filled;
    private long dropped;
    private boolean stopping;

    // The writer thread's own.
    private byte[] writing = new byte[BATCH_BYTES];

    /** Writes to the process's standard output, bypassing {@code System.out}'s per-line flushing. */
    public BufferedConsoleAppender() {
        this(new FileOutputStream(FileDescriptor.out), DEFAULT_FLUSH_INTERVAL);
    }

    BufferedConsoleAppender(OutputStream out, Duration flushInterval) {
        this.out = out;
        this.flushIntervalNanos = flushInterval.toNanos();
    }

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("No encoder set for the appender named [" + name + "].");
            return;
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
                hasLines.signal();
            } else if (before < BATCH_BYTES && filled >= BATCH_BYTES) {
                batchFull.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking lines and writes what is buffered before returning. */
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
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeBatches() {
        boolean last = false;
        while (!last) {
            int length;
            long droppedLines;
            lock.lock();
            try {
                while (filled == 0 && !stopping) {
                    hasLines.awaitUninterruptibly();
                }
                long wait = flushIntervalNanos;
                while (filled < BATCH_BYTES && !stopping && wait > 0) {
                    wait = awaitBatch(wait);
                }
                byte[] full = filling;
                filling = writing;
                writing = full;
                length = filled;
                filled = 0;
                droppedLines = dropped;
                dropped = 0;
                last = stopping;
            } finally {
                lock.unlock();
            }
            write(writing, length);
            if (droppedLines > 0) {
                byte[] notice = ("log output fell behind: " + droppedLines + " lines dropped\n")
                        .getBytes(StandardCharsets.UTF_8);
                write(notice, notice.length);
            }
        }
    }

    private long awaitBatch(long nanos) {
        try {
            return batchFull.awaitNanos(nanos);
        } catch (InterruptedException e) {
            // Only stop() ends this thread, so that no buffered line is lost to a stray interrupt.
            return nanos;
        }
    }

    private void write(byte[] bytes, int length) {
        if (length == 0) {
            return;
        }
        try {
            out.write(bytes, 0, length);
            out.flush();
        } catch (IOException e) {
            addError("Could not write " + length + " bytes of log lines", e);
        }
    }
}
