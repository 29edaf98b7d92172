package dev.fulcrum.instance;

import dev.fulcrum.db.DatabaseUnavailableException;
import dev.fulcrum.db.InstanceRecord;
import dev.fulcrum.db.InstanceRepository;
import dev.fulcrum.time.DueTask;
import dev.fulcrum.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's row in the shared database current: its id, version, start time, the revision of the
 * configuration it routes by and a heartbeat every {@link #EVERY}, so that every instance can list the live ones and
 * tell one that is behind. A revision applied is stored at once, not with the next beat. Instances silent for
 * {@link #FORGET_AFTER} are removed in the same transaction.
 *
 * <p>As HikariCP's housekeeper ({@link DueTask}): one named daemon thread, a catch-all run, and every reading from the
 * one injected {@link TimeSource}; the thread wakes briefly and beats when the clock says a beat is due. It is not the health
 * checker's thread, which must never wait for the database. A failing database is logged once when it starts failing
 * and once when a beat is stored again.
 */
public final class Heartbeat implements AutoCloseable {

    public static final Duration EVERY = Duration.ofSeconds(5);
    /** An instance not heard from for this long is not live: four beats missed. */
    public static final Duration LIVE_WITHIN = EVERY.multipliedBy(4);
    static final Duration FORGET_AFTER = Duration.ofDays(1);
    private static final Duration WAKE = Duration.ofMillis(250);
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final InstanceRepository repository;
    private final String id;
    private final String version;
    private final TimeSource time;
    private final Instant startedAt;
    private final DueTask task;
    private volatile long revisionApplied;
    private boolean failing;

    public Heartbeat(InstanceRepository repository, String id, String version, TimeSource time) {
        this.repository = repository;
        this.id = id;
        this.version = version;
        this.time = time;
        this.startedAt = time.now();
        this.task = new DueTask("fulcrum-heartbeat", EVERY, WAKE, time, this::beat);
    }

    /** Stores the first beat now, so this instance is listed as soon as it serves, then one every {@link #EVERY}. */
    public void start() {
        beatIfDue();
        task.start();
    }

    public String id() {
        return id;
    }

    /** This instance now routes by this revision: stored at once, on the heartbeat's thread. */
    public void revisionApplied(long revision) {
        revisionApplied = revision;
        task.nudge();
    }

    /** Stores a beat if one is due by the clock; what the heartbeat's thread runs. */
    void beatIfDue() {
        task.runIfDue();
    }

    private void beat() {
        Instant at = time.now();
        try {
            repository.beat(new InstanceRecord(id, version, startedAt, at, revisionApplied), at.minus(FORGET_AFTER));
            if (failing) {
                failing = false;
                log.info("heartbeat of instance {} stored again: the other instances list it as live", id);
            }
        } catch (DatabaseUnavailableException e) {
            if (!failing) {
                failing = true;
                log.warn("heartbeat of instance {} not stored: {}; routing goes on, but the other instances stop "
                        + "listing this one as live until the database answers", id, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        task.close();
    }
}
