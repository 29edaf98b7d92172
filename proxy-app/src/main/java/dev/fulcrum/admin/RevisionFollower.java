package dev.fulcrum.admin;

import dev.fulcrum.db.ConfigStore;
import dev.fulcrum.db.DatabaseUnavailableException;
import dev.fulcrum.health.HealthChecker;
import dev.fulcrum.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the changes other instances sharing the database commit to this one: when the database holds a revision
 * newer than the one the pool routes by, the stored configuration is loaded again ({@link BackendReload#catchUp}),
 * and new or moved backends are probed at once.
 *
 * <p>It checks the latest revision (one primary-key read) when told a change was committed ({@link #heard()}, from
 * PostgreSQL's notices) and every {@link #CHECK_EVERY} whatever it hears, which catches a notice lost with its
 * connection. As HikariCP's housekeeper: one named daemon thread, a catch-all run, the schedule read from the one
 * {@link TimeSource}. Only this control-plane thread waits for the database; request threads never do, and keep
 * routing with the table they have while it does not answer.
 */
public final class RevisionFollower implements AutoCloseable {

    public static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    private static final long WAKE_MILLIS = 100;
    private static final Logger log = LoggerFactory.getLogger(RevisionFollower.class);

    private final ConfigStore store;
    private final BackendReload reload;
    private final HealthChecker checker;
    private final TimeSource time;
    private final ScheduledExecutorService thread;
    private volatile boolean heard;
    private long nextCheckNanos;
    private boolean checkedOnce;
    private boolean failing;

    public RevisionFollower(ConfigStore store, BackendReload reload, HealthChecker checker, TimeSource time) {
        this.store = store;
        this.reload = reload;
        this.checker = checker;
        this.time = time;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fulcrum-follow");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        thread.scheduleWithFixedDelay(this::checkIfDue, WAKE_MILLIS, WAKE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A change may have been committed elsewhere: checks at once, on this follower's thread. */
    public void heard() {
        heard = true;
        try {
            thread.execute(this::checkIfDue);
        } catch (RejectedExecutionException closed) {
            // Closing: nothing is followed any more.
        }
    }

    /** Checks the latest revision if a notice came or the periodic check is due; never throws. */
    synchronized void checkIfDue() {
        try {
            long now = time.nanoTime();
            if (!heard && checkedOnce && now - nextCheckNanos < 0) {
                return;
            }
            heard = false;
            checkedOnce = true;
            nextCheckNanos = now + CHECK_EVERY.toNanos();
            check();
        } catch (Throwable t) {
            log.error("following the configuration failed; checking again in {}", CHECK_EVERY, t);
        }
    }

    private void check() {
        long before = reload.applied();
        try {
            if (reload.catchUp(store.latestRevision())) {
                checker.checkNow();
                log.info("configuration reloaded at revision {} (was {}): changed on another instance",
                        reload.applied(), before);
            }
            if (failing) {
                failing = false;
                log.info("the database answers again: following the configuration's changes");
            }
        } catch (DatabaseUnavailableException e) {
            if (!failing) {
                failing = true;
                log.warn("cannot check for other instances' changes: {}; routing goes on at revision {}",
                        e.getMessage(), before);
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
