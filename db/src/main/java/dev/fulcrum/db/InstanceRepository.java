package dev.fulcrum.db;

import java.time.Instant;
import java.util.List;

/**
 * The instances sharing the database, each known by the row its heartbeat keeps current. Rows are written without
 * waiting for the disk: a lost heartbeat is made good by the next one.
 */
public final class InstanceRepository {

    private final Transactions transactions;

    InstanceRepository(Transactions transactions) {
        this.transactions = transactions;
    }

    /** Stores the instance as it is now, its row created if there is none (first start, or pruned meanwhile). */
    public void beat(InstanceRecord instance) {
        beat(instance, null);
    }

    /** As {@link #beat(InstanceRecord)}, and in the same transaction forgets those silent since before {@code before}. */
    public void beat(InstanceRecord instance, Instant forgetBefore) {
        transactions.run(handle -> {
            InstanceDao dao = handle.attach(InstanceDao.class);
            if (dao.update(instance) == 0) {
                dao.insert(instance);
            }
            if (forgetBefore != null) {
                dao.prune(forgetBefore);
            }
            return null;
        });
    }

    /** The instances whose last heartbeat is at or after {@code since}, by id. */
    public List<InstanceRecord> heardSince(Instant since) {
        return transactions.run(handle -> handle.attach(InstanceDao.class).heardSince(since));
    }

    /** Forgets the instances silent since before {@code before}; their history stays, tagged with their ids. */
    public int prune(Instant before) {
        return transactions.run(handle -> handle.attach(InstanceDao.class).prune(before));
    }
}
