package dev.fulcrum.db;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * The module's data API for backends. Each method is one transaction: it either commits whole or changes nothing, and
 * a change is on stable storage when its method returns, so a caller may answer it and apply it to traffic. A name or
 * url already taken becomes {@link DuplicateBackendException}, a value the database refuses
 * {@link ConstraintViolationException}; any other database failure becomes {@link DatabaseUnavailableException}, so
 * callers never see Jdbi or JDBC types.
 *
 * <p>Its writes record no revision. The admin API changes backends through {@link ConfigStore}, in transactions that
 * store a revision with each change; these are the database's own, for its tests and tools.
 */
public final class BackendRepository {

    private final Transactions transactions;
    private final Clock clock;

    BackendRepository(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    public List<BackendRecord> list() {
        return inTransaction(handle -> dao(handle).list());
    }

    public Optional<BackendRecord> find(long id) {
        return inTransaction(handle -> dao(handle).find(id));
    }

    public Optional<BackendRecord> findByUrl(String url) {
        return inTransaction(handle -> dao(handle).findByUrl(url));
    }

    /**
     * Stores a new backend. A url already stored is reported as such even when the name collides too: the url is
     * what identifies a server, and a caller that left the name to its default only learns something from the url.
     */
    public BackendRecord create(NewBackend backend) {
        return durably(handle -> create(dao(handle), backend, clock.instant()));
    }

    /** Applies the changes to the stored backend; empty if there is no backend with this id. */
    public Optional<BackendRecord> update(long id, BackendChanges changes) {
        return durably(handle -> update(dao(handle), id, changes, clock.instant()));
    }

    public boolean delete(long id) {
        return durably(handle -> dao(handle).delete(id) > 0);
    }

    /**
     * Seeds a backend from the command line or an import file: inserts it unless a backend with this url exists, so
     * the same import run twice changes nothing. Seed names are generated, so a name taken by another url gets a
     * {@code -2}, {@code -3}, ... suffix instead of failing. Several instances may seed one database at once.
     */
    public Optional<BackendRecord> addIfUrlAbsent(NewBackend backend) {
        try {
            return insertIfUrlAbsent(backend);
        } catch (DuplicateBackendException raced) {
            // Another instance seeding the same database stored this url or name meanwhile; now it is seen.
            return insertIfUrlAbsent(backend);
        }
    }

    private Optional<BackendRecord> insertIfUrlAbsent(NewBackend backend) {
        return durably(handle -> {
            BackendDao dao = dao(handle);
            if (dao.findByUrl(backend.url()).isPresent()) {
                return Optional.empty();
            }
            NewBackend named = new NewBackend(freeName(dao, backend.name()), backend.url(), backend.weight(),
                    backend.enabled(), backend.draining(), backend.healthPath(), backend.expectStatus(),
                    backend.checkIntervalMs());
            BackendLimits.requireFits(named);
            long id = dao.insert(named, clock.instant());
            return dao.find(id);
        });
    }

    static BackendRecord create(BackendDao dao, NewBackend backend, Instant now) {
        BackendLimits.requireFits(backend);
        if (dao.findByUrl(backend.url()).isPresent()) {
            throw new DuplicateBackendException("url", null);
        }
        long id = dao.insert(backend, now);
        return dao.find(id).orElseThrow();
    }

    static Optional<BackendRecord> update(BackendDao dao, long id, BackendChanges changes, Instant now) {
        Optional<BackendRecord> current = dao.find(id);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        BackendRecord c = current.get();
        NewBackend changed = new NewBackend(changes.name().applyTo(c.name()), changes.url().applyTo(c.url()),
                changes.weight().applyTo(c.weight()), changes.enabled().applyTo(c.enabled()),
                changes.draining().applyTo(c.draining()), changes.healthPath().applyTo(c.healthPath()),
                changes.expectStatus().applyTo(c.expectStatus()),
                changes.checkIntervalMs().applyTo(c.checkIntervalMs()));
        BackendLimits.requireFits(changed);
        dao.update(id, changed, now);
        return dao.find(id);
    }

    /** The name, or a free one made from it with a {@code -2}, {@code -3}, ... suffix. */
    static String freeName(BackendDao dao, String name) {
        String free = name;
        for (int n = 2; dao.countByName(free) > 0; n++) {
            free = BackendLimits.withSuffix(name, "-" + n);
        }
        return free;
    }

    private static BackendDao dao(Handle handle) {
        return handle.attach(BackendDao.class);
    }

    private <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
        return transactions.run(work);
    }

    private <T> T durably(HandleCallback<T, RuntimeException> work) {
        return transactions.runDurably(work);
    }
}
