package dev.fulcrum.time;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task run every {@code every} by the one {@link TimeSource}, and at once when {@linkplain #nudge() nudged}, as
 * HikariCP's housekeeper runs: one named daemon thread that wakes briefly to read the clock (so a test's clock
 * decides when a run is due), and a catch-all run, so that a failure is logged and the next run goes on.
 */
public final class DueTask implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DueTask.class);

    private final String name;
    private final Duration every;
    private final Duration wake;
    private final TimeSource time;
    private final Runnable task;
    private final ScheduledExecutorService thread;
    private volatile boolean nudged;
    private boolean ranOnce;
    private long nextNanos;

    /**
     * @param threadName the thread's name; without {@code fulcrum-}, what failure messages call the task
     * @param wake       how often the thread reads the clock
     */
    public DueTask(String threadName, Duration every, Duration wake, TimeSource time, Runnable task) {
        this.name = threadName.replaceFirst("^fulcrum-", "");
        this.every = every;
        this.wake = wake;
        this.time = time;
        this.task = task;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts reading the clock; the first run is at the first wake-up unless one ran already. */
    public void start() {
        long millis = wake.toMillis();
        thread.scheduleWithFixedDelay(this::runIfDue, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Runs the task at once on its thread, whether it is due or not; nothing once closed. */
    public void nudge() {
        nudged = true;
        try {
            thread.execute(this::runIfDue);
        } catch (RejectedExecutionException closed) {
            // Closed: the task runs no more.
        }
    }

    /** Runs the task if it was nudged, never ran, or is due by the clock; never throws. */
    public synchronized void runIfDue() {
        try {
            long now = time.nanoTime();
            if (!nudged && ranOnce && now - nextNanos < 0) {
                return;
            }
            nudged = false;
            ranOnce = true;
            nextNanos = now + every.toNanos();
            task.run();
        } catch (Throwable t) {
            log.error("{} failed; it runs again within {}", name, every, t);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
