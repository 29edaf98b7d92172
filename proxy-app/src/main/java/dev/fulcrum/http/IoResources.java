package dev.fulcrum.http;

import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The threads, the timer and the buffers that the proxy's server, its backend client and the health probes' client
 * share, instead of each Jetty component starting its own: on a non-blocking data path a few threads serve all of
 * them, and one buffer pool keeps the buffers one side releases for the other to reuse.
 *
 * <p>Started before, and stopped after, every component that uses them, which therefore never manages them.
 */
public final class IoResources implements AutoCloseable {

    /** Threads enough for the selectors and acceptors of both ports and the clients, and for what a stalled write wakes. */
    public static final int MAX_THREADS = 16;

    private final QueuedThreadPool threads;
    private final Scheduler scheduler;
    private final ByteBufferPool buffers;

    /** @param threads the pool, not started; named and sized here */
    public IoResources(QueuedThreadPool threads) {
        threads.setName("fulcrum-io");
        threads.setMaxThreads(MAX_THREADS);
        threads.setMinThreads(4);
        // A burst of new connections may start threads; with nothing blocking they are soon idle again, so let go.
        threads.setIdleTimeout(10_000);
        // Reserved threads serve tasks that may block; every task here is non-blocking and runs where it is produced.
        threads.setReservedThreads(0);
        this.threads = threads;
        this.scheduler = new ScheduledExecutorScheduler("fulcrum-timer", true);
        this.buffers = new ArrayByteBufferPool();
    }

    public IoResources start() throws Exception {
        threads.start();
        scheduler.start();
        return this;
    }

    public QueuedThreadPool threads() {
        return threads;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public ByteBufferPool buffers() {
        return buffers;
    }

    @Override
    public void close() throws Exception {
        scheduler.stop();
        threads.stop();
    }
}
