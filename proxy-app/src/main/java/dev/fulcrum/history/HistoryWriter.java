package dev.fulcrum.history;

import dev.fulcrum.db.HealthCheckRow;
import dev.fulcrum.db.HealthEventRow;
import dev.fulcrum.db.HistoryRepository;
import dev.fulcrum.health.HealthEvent;
import dev.fulcrum.health.HealthHistory;
import dev.fulcrum.health.ProbeResult;
import dev.fulcrum.logging.LogThrottle;
import dev.fulcrum.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps probe results and state changes in the database without ever making the checker wait for it.
 *
 * <p>The checker offers each item to a bounded queue and moves on; one writer thread drains the queue in batches, one
 * transaction per batch. When the queue is full or the database fails, items are dropped and counted, with at most
 * one warning a minute, and writing resumes by itself when the database answers again. The same thread prunes old
 * history in small deletes once a minute, so the database stays bounded for any run length.
 *
 * <p>Every row is tagged with this instance's id. Of several instances sharing a database, one at a time prunes (the
 * others skip their turn while it does), so each old row is deleted once and the instances do not contend for it.
 */
public final class HistoryWriter implements HealthHistory, AutoCloseable {

    static final int QUEUE_CAPACITY = 50_000;
    static final int MAX_BATCH = 1_000;
    static final int PRUNE_CHUNK = 1_000;

    private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);

    private final HistoryRepository repository;
    private final String instanceId;
    private final RetentionSettings retention;
    private final TimeSource time;
    private final Duration pruneEvery;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong pruned = new AtomicLong();
    private final AtomicLong prunesSkipped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String lastFailure;
    private final LogThrottle dropWarnings;
    private long droppedAtLastWarning;
    private long nextPruneNanos;

    public HistoryWriter(HistoryRepository repository, String instanceId, RetentionSettings retention,
                         TimeSource time, Duration pruneEvery) {
        this.repository = repository;
        this.instanceId = instanceId;
        this.retention = retention;
        this.time = time;
        this.pruneEvery = pruneEvery;
        this.dropWarnings = new LogThrottle(Duration.ofMinutes(1), time);
        this.nextPruneNanos = time.nanoTime() + pruneEvery.toNanos();
        this.thread = new Thread(this::run, "fulcrum-history");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    @Override
    public void probed(ProbeResult result) {
        offer(result);
    }

    @Override
    public void changed(HealthEvent event) {
        offer(event);
    }

    private void offer(Object item) {
        if (!queue.offer(item)) {
            dropped.incrementAndGet();
        }
    }

    /** Items dropped so far because the queue was full or the database failed. */
    public long dropped() {
        return dropped.get();
    }

    /** Items stored so far. */
    public long written() {
        return written.get();
    }

    /** Rows this instance deleted past retention so far. */
    public long pruned() {
        return pruned.get();
    }

    /** Turns to prune that this instance skipped because another instance sharing the database was pruning. */
    public long prunesSkipped() {
        return prunesSkipped.get();
    }

    private void run() {
        List<Object> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Object first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    write(batch);
                    batch.clear();
                }
                if (time.nanoTime() - nextPruneNanos >= 0) {
                    nextPruneNanos = time.nanoTime() + pruneEvery.toNanos();
                    prune();
                }
                warnAboutDrops();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable t) {
                dropped.addAndGet(batch.size());
                batch.clear();
                log.error("history writer failed; it goes on with the next batch", t);
            }
        }
    }

    private void write(List<Object> batch) {
        List<HealthCheckRow> checks = new ArrayList<>(batch.size());
        List<HealthEventRow> events = new ArrayList<>();
        for (Object item : batch) {
            if (item instanceof ProbeResult r) {
                checks.add(new HealthCheckRow(r.backendId(), r.finishedAt(), r.passed(), r.status(),
                        (int) Math.min(Integer.MAX_VALUE, Math.max(0, r.latencyMillis())), truncate(r.error(), 200),
                        instanceId));
            } else if (item instanceof HealthEvent e) {
                events.add(new HealthEventRow(0, e.backendId(), e.at(), e.from().label(), e.to().label(),
                        truncate(e.reason(), 300), instanceId));
            }
        }
        try {
            repository.recordChecks(checks);
            repository.recordEvents(events);
            written.addAndGet(batch.size());
        } catch (RuntimeException e) {
            dropped.addAndGet(batch.size());
            lastFailure = e.getMessage();
        }
    }

    private void prune() {
        try {
            if (!repository.pruneAlone(this::pruneNow)) {
                prunesSkipped.incrementAndGet();
                log.debug("another instance is pruning the history; skipped this turn");
            }
        } catch (RuntimeException e) {
            lastFailure = e.getMessage();
        }
    }

    private void pruneNow() {
        Instant now = time.now();
        long removed = 0;
        int n;
        do {
            n = repository.pruneChecks(now.minus(retention.checks()), PRUNE_CHUNK);
            removed += n;
        } while (n == PRUNE_CHUNK && running);
        do {
            n = repository.pruneRollups(now.minus(retention.rollups()), PRUNE_CHUNK);
            removed += n;
        } while (n == PRUNE_CHUNK && running);
        do {
            n = repository.pruneEvents(now.minus(retention.events()), PRUNE_CHUNK);
            removed += n;
        } while (n == PRUNE_CHUNK && running);
        pruned.addAndGet(removed);
        if (removed > 0) {
            log.debug("pruned {} history rows past retention", removed);
        }
    }

    private void warnAboutDrops() {
        long total = dropped.get();
        if (total > droppedAtLastWarning && dropWarnings.tryLog() >= 0) {
            log.warn("health history: {} result(s) not stored in the last minute ({} in all){}",
                    total - droppedAtLastWarning, total, lastFailure == null ? "" : ": " + lastFailure);
            droppedAtLastWarning = total;
        }
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /** Stops taking new items, writes what is queued (for up to 5 s), then stops. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
        thread.interrupt();
    }
}
