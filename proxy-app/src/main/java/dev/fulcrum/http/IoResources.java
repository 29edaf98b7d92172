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

    /** The largest buffer Jetty's {@link ArrayByteBufferPool} keeps by default. */
    private static final int JETTY_LARGEST_POOLED = 64 * 1024;

    private final QueuedThreadPool threads;
    private final Scheduler scheduler;
    private final ByteBufferPool buffers;

    /** Threads with Jetty's buffer pool, which keeps buffers of up to 64 KB. */
    public IoResources(QueuedThreadPool threads) {
        this(threads, 0);
    }

    /**
     * @param threads the pool, not started; named and sized here
     * @param largestPooledBuffer the largest buffer the pool keeps for reuse (at least Jetty's 64 KB): one a
     *                            component asks for on every exchange must fit, or each is allocated anew and, being
     *                            direct, freed only by a garbage collection that the JDK forces when direct memory
     *                            runs out
     */
    public IoResources(QueuedThreadPool threads, int largestPooledBuffer) {
        threads.setName("fulcrum-io");
        threads.setMaxThreads(MAX_THREADS);
        threads.setMinThreads(4);
        // A burst of new connections may start threads; with nothing blocking they are soon idle again, so let go.
        threads.setIdleTimeout(10_000);
        // Reserved threads serve tasks that may block; every task here is non-blocking and runs where it is produced.
        threads.setReservedThreads(0);
        this.threads = threads;
        this.scheduler = new ScheduledExecutorScheduler("fulcrum-timer", true);
        this.buffers = new ArrayByteBufferPool(0, -1, Math.max(JETTY_LARGEST_POOLED, largestPooledBuffer));
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
