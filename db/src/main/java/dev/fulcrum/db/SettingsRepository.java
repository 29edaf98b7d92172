package dev.fulcrum.db;

import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The balancer's settings, one stored row. As with backends, each change is one transaction on stable storage when
 * its method returns, so a caller may answer it and apply it to traffic; a failure is
 * {@link DatabaseUnavailableException}.
 *
 * <p>The row is written once with the first values ({@link #storeIfAbsent}, from the command line on a database that
 * has none), and from then on only changed ({@link #update}): what is stored wins over later command lines, so a
 * change made at run time is never undone by a restart.
 */
public final class SettingsRepository {

    private final Transactions transactions;
    private final Clock clock;

    SettingsRepository(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The stored settings; empty before the first start stored any. */
    public Optional<SettingsRecord> find() {
        return transactions.run(handle -> dao(handle).find());
    }

    /**
     * Stores {@code initial} unless settings are stored already; returns what is stored either way. Of several
     * instances starting at once on a new database, one stores its values and the others get those.
     */
    public SettingsRecord storeIfAbsent(SettingsRecord initial) {
        try {
            return insertIfAbsent(initial);
        } catch (ConstraintViolationException raced) {
            return find().orElseThrow(() -> raced);
        }
    }

    private SettingsRecord insertIfAbsent(SettingsRecord initial) {
        return transactions.runDurably(handle -> {
            SettingsDao dao = dao(handle);
            Optional<SettingsRecord> stored = dao.find();
            if (stored.isPresent()) {
                return stored.get();
            }
            dao.insert(initial.algorithm(), initial.hashOn(), initial.stickyCookie(), initial.slowStartMs(),
                    clock.instant());
            return dao.find().orElseThrow();
        });
    }

    /** Applies the changes to the stored settings; empty if none are stored. */
    public Optional<SettingsRecord> update(SettingsChanges changes) {
        return transactions.runDurably(handle -> {
            SettingsDao dao = dao(handle);
            Optional<SettingsRecord> current = dao.find();
            if (current.isEmpty()) {
                return Optional.empty();
            }
            SettingsRecord c = current.get();
            dao.update(changes.algorithm().applyTo(c.algorithm()), changes.hashOn().applyTo(c.hashOn()),
                    changes.stickyCookie().applyTo(c.stickyCookie()), changes.slowStartMs().applyTo(c.slowStartMs()),
                    clock.instant());
            return dao.find();
        });
    }

    private static SettingsDao dao(Handle handle) {
        return handle.attach(SettingsDao.class);
    }
}
