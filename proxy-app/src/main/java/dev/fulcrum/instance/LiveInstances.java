package dev.fulcrum.instance;

import dev.fulcrum.db.ConfigStore;
import dev.fulcrum.db.InstanceRecord;
import dev.fulcrum.db.InstanceRepository;
import dev.fulcrum.time.TimeSource;
import java.time.Instant;
import java.util.List;

/**
 * The instances sharing the database that are live: heard from within {@link Heartbeat#LIVE_WITHIN} by this
 * instance's clock (keep the hosts' clocks in sync, as NTP does), and which of them are behind the configuration's
 * changes ({@link Lag}). Reading them needs the database.
 */
public final class LiveInstances {

    private final InstanceRepository repository;
    private final ConfigStore config;
    private final String self;
    private final TimeSource time;

    public LiveInstances(InstanceRepository repository, ConfigStore config, String self, TimeSource time) {
        this.repository = repository;
        this.config = config;
        this.self = self;
        this.time = time;
    }

    /** This instance's id. */
    public String self() {
        return self;
    }

    /** Whether this instance has not applied a revision committed more than {@link Lag#ALLOWED} before {@code now}. */
    public boolean behind(InstanceRecord instance, Instant now) {
        return Lag.behind(config.firstMadeAfter(instance.revisionApplied()), now);
    }

    /** The live instances, by id. */
    public List<InstanceRecord> list() {
        return repository.heardSince(time.now().minus(Heartbeat.LIVE_WITHIN));
    }
}
