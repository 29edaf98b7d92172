package dev.fulcrum.admin;

import dev.fulcrum.db.BackendRecord;
import dev.fulcrum.db.ConfigStore;
import dev.fulcrum.db.DatabaseUnavailableException;
import dev.fulcrum.db.SettingsRecord;
import dev.fulcrum.logging.LogThrottle;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.time.TimeSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the pool equal to what the database stores: the one place that loads the stored backends and balancer
 * settings into the routing table, at start, after a storage error and when another instance changed them
 * ({@link RevisionFollower}), and the keeper of the revision the pool is at ({@link #applied()}).
 *
 * <p>A write whose commit fails is answered 503 and never applied, but the store may not be where the pool thinks it
 * is either (a disk that failed after taking a write). So after any failed write the backends are reloaded from the
 * database as soon as it answers again, retried every second on one named thread; until then traffic is routed with
 * what the pool has. Changes and reloads run one at a time, so the pool sees changes in the order they were committed.
 *
 * <p>The failure is logged once, then at most once a minute, until a write succeeds: a database that reads but
 * cannot write (a full disk) answers the reload, yet every change is still refused, so a reload does not end it.
 */
public final class BackendReload implements AutoCloseable {

    static final long RETRY_MILLIS = 1000;
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(BackendReload.class);

    private final ConfigStore config;
    private final BackendPool pool;
    private final LongConsumer appliedTo;
    private final LogThrottle warnings;
    private final ScheduledExecutorService retries;
    private final Object order = new Object();
    /** A write failed and none has succeeded since. */
    private boolean failing;
    private boolean reloadedSinceFailure;
    private boolean retryScheduled;
    private long failedWrites;
    /** The revision the pool routes by; written under {@link #order}. */
    private volatile long applied;

    /** The stored configuration as the pool takes it. */
    private record Stored(Optional<SettingsRecord> settings, List<BackendRecord> backends) {
    }

    /** @param appliedTo told each revision the pool comes to route by (the heartbeat stores it) */
    public BackendReload(ConfigStore config, BackendPool pool, LongConsumer appliedTo, TimeSource time) {
        this.config = config;
        this.pool = pool;
        this.appliedTo = appliedTo;
        this.warnings = new LogThrottle(WARN_EVERY, time);
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fulcrum-reload");
            t.setDaemon(true);
            return t;
        });
    }

    /** Replaces the pool's settings and backends with the stored ones; throws when the database does not answer. */
    public void reload() {
        synchronized (order) {
            ConfigStore.Versioned<Stored> read = config.read(r -> new Stored(r.settings(), r.backends()));
            apply(read.revision(), read.value().settings(), read.value().backends());
        }
    }

    /**
     * Reloads when the database holds a revision newer than the one the pool is at (another instance's change);
     * returns whether it did. Backends that stay keep their health. Throws when the database does not answer.
     */
    public boolean catchUp(long latest) {
        synchronized (order) {
            if (latest <= applied) {
                return false;
            }
            reload();
            return true;
        }
    }

    /** The revision of the configuration the pool routes by. */
    public long applied() {
        return applied;
    }

    /** Routes by this stored configuration from now on: that of {@code revision}, read or just committed. */
    void apply(long revision, Optional<SettingsRecord> settings, List<BackendRecord> backends) {
        synchronized (order) {
            settings.map(StoredSettings::parse).ifPresent(pool::configure);
            List<Backend> stored = backends.stream().map(BackendService::toBackend).toList();
            pool.replaceAll(stored);
            if (revision > applied) {
                applied = revision;
                appliedTo.accept(revision);
            }
        }
    }

    /**
     * Commits a change and applies it to the pool, one change or reload at a time. A commit that fails with the
     * database unavailable is logged and starts the reload; its exception goes on to the caller (503).
     */
    <T> T commitThenApply(Supplier<T> change) {
        synchronized (order) {
            T result;
            try {
                result = change.get();
            } catch (DatabaseUnavailableException e) {
                writeFailed(e);
                throw e;
            }
            if (failing) {
                failing = false;
                log.info("admin changes are stored again ({} refused while the database failed)", failedWrites);
                failedWrites = 0;
            }
            return result;
        }
    }

    private void writeFailed(DatabaseUnavailableException failure) {
        failedWrites++;
        if (!failing) {
            failing = true;
            reloadedSinceFailure = false;
            warnings.restart();
            log.warn("admin change refused (503), not applied: {}; routing goes on with the stored backends and "
                    + "is reloaded from the database when it answers again", failure.getMessage());
        } else {
            long heldBack = warnings.tryLog();
            if (heldBack >= 0) {
                log.warn("database still failing: {} more admin change(s) refused since the last warning: {}",
                        heldBack + 1, failure.getMessage());
            }
        }
        if (!retryScheduled) {
            retryScheduled = true;
            scheduleRetry();
        }
    }

    private void scheduleRetry() {
        if (!retries.isShutdown()) {
            retries.schedule(this::retry, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void retry() {
        try {
            synchronized (order) {
                reload();
                retryScheduled = false;
                if (!reloadedSinceFailure) {
                    reloadedSinceFailure = true;
                    log.info("routing table reloaded from the database after a refused change ({} backend(s))",
                            pool.backends().size());
                }
            }
        } catch (DatabaseUnavailableException e) {
            scheduleRetry();
        } catch (Throwable e) {
            log.error("reloading the backends failed; trying again", e);
            scheduleRetry();
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
