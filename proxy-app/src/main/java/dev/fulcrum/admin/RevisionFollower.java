package dev.fulcrum.admin;

import dev.fulcrum.db.ConfigStore;
import dev.fulcrum.db.DatabaseUnavailableException;
import dev.fulcrum.health.HealthChecker;
import dev.fulcrum.time.DueTask;
import dev.fulcrum.time.TimeSource;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the changes other instances sharing the database commit to this one: when the database holds a revision
 * newer than the one the pool routes by, the stored configuration is loaded again ({@link BackendReload#catchUp}),
 * new or moved backends are probed at once, and the webhook dispatcher reads the stored webhooks again.
 *
 * <p>It checks the latest revision (one primary-key read) when told a change was committed ({@link #heard()}, from
 * PostgreSQL's notices) and every {@link #CHECK_EVERY} whatever it hears, which catches a notice lost with its
 * connection, on one named daemon thread timed by the one {@link TimeSource} ({@link DueTask}). Only this
 * control-plane thread waits for the database; request threads never do, and keep
 * routing with the table they have while it does not answer.
 */
public final class RevisionFollower implements AutoCloseable {

    public static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    private static final Duration WAKE = Duration.ofMillis(100);
    private static final Logger log = LoggerFactory.getLogger(RevisionFollower.class);

    private final ConfigStore store;
    private final BackendReload reload;
    private final HealthChecker checker;
    private final Runnable webhooksChanged;
    private final DueTask task;
    private boolean failing;

    /** @param webhooksChanged told after another instance's change was applied, which may have changed webhooks */
    public RevisionFollower(ConfigStore store, BackendReload reload, HealthChecker checker, Runnable webhooksChanged,
                            TimeSource time) {
        this.store = store;
        this.reload = reload;
        this.checker = checker;
        this.webhooksChanged = webhooksChanged;
        this.task = new DueTask("fulcrum-follow", CHECK_EVERY, WAKE, time, this::check);
    }

    public void start() {
        task.start();
    }

    /** A change may have been committed elsewhere: checks at once, on this follower's thread. */
    public void heard() {
        task.nudge();
    }

    private void check() {
        long before = reload.applied();
        try {
            if (reload.catchUp(store.latestRevision())) {
                checker.checkNow();
                webhooksChanged.run();
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
        task.close();
    }
}
