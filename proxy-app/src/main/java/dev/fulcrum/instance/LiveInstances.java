package dev.fulcrum.instance;

import dev.fulcrum.db.InstanceRecord;
import dev.fulcrum.db.InstanceRepository;
import dev.fulcrum.time.TimeSource;
import java.util.List;

/**
 * The instances sharing the database that are live: heard from within {@link Heartbeat#LIVE_WITHIN} by this
 * instance's clock (keep the hosts' clocks in sync, as NTP does). Reading them needs the database.
 */
public final class LiveInstances {

    private final InstanceRepository repository;
    private final String self;
    private final TimeSource time;

    public LiveInstances(InstanceRepository repository, String self, TimeSource time) {
        this.repository = repository;
        this.self = self;
        this.time = time;
    }

    /** This instance's id. */
    public String self() {
        return self;
    }

    /** The live instances, by id. */
    public List<InstanceRecord> list() {
        return repository.heardSince(time.now().minus(Heartbeat.LIVE_WITHIN));
    }
}
