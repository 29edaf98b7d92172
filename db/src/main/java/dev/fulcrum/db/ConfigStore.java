package dev.fulcrum.db;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The configuration and its change history: every change is one transaction that stores its writes and its revision
 * together, on stable storage when {@link #write} returns, or neither.
 *
 * <p>Each change first locks the one row that holds the latest revision's number. So changes run one at a time
 * across every process sharing the database, a revision's number is the previous one plus one (assigned in commit
 * order, with no gaps), a change made on condition of a revision ({@code If-Match}) is checked without a race, and
 * the latest revision, all another instance needs to know whether it is behind, is one primary-key read.
 *
 * <p>On PostgreSQL a change also sends its revision's number on {@link #CHANNEL} in its transaction, so the others
 * sharing the database hear of it when (and only when) it commits ({@link RevisionNotices}).
 */
public final class ConfigStore {

    /** What a change returned, and the revision it stored (null when it touched nothing). */
    public record Written<T>(T value, Revision revision) {
    }

    /** What a read returned, and the revision the configuration it read was at. */
    public record Versioned<T>(long revision, T value) {
    }

    /** The PostgreSQL channel a committed change's revision number is sent on. */
    public static final String CHANNEL = "fulcrum_config";

    /** A read that saw a change commit halfway is done again, at most this many times. */
    private static final int READ_ATTEMPTS = 10;

    private final Transactions transactions;
    private final Clock clock;

    ConfigStore(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Runs one change: locks the head, checks {@code expected} (when not null) against it, runs {@code work}, and
     * stores the revision of what it touched, all in one transaction made durable before this returns.
     *
     * @throws StaleRevisionException when the configuration is no longer at {@code expected}; nothing is written
     */
    public <T> Written<T> write(Author author, Long expected, Function<ConfigWrite, T> work) {
        return transactions.runDurably(handle -> {
            long base = handle.attach(RevisionDao.class).lockHead();
            if (expected != null && expected != base) {
                throw new StaleRevisionException(expected, base);
            }
            ConfigWrite change = new ConfigWrite(handle, base, clock.instant());
            T value = work.apply(change);
            Revision revision = change.finish(author);
            if (revision != null) {
                transactions.notifyOnCommit(handle, CHANNEL, revision.number());
            }
            return new Written<>(value, revision);
        });
    }

    /**
     * Reads the configuration as it was at one revision, without holding up changes: a read that a change committed
     * in the middle of is done again.
     */
    public <T> Versioned<T> read(Function<ConfigRead, T> work) {
        for (int attempt = 1; ; attempt++) {
            Versioned<T> read = transactions.run(handle -> {
                RevisionDao revisions = handle.attach(RevisionDao.class);
                long before = revisions.head();
                T value = work.apply(new ConfigRead(handle));
                return revisions.head() == before ? new Versioned<>(before, value) : null;
            });
            if (read != null) {
                return read;
            }
            if (attempt == READ_ATTEMPTS) {
                throw new DatabaseUnavailableException("the configuration kept changing while it was read", null);
            }
        }
    }

    /** The latest revision's number; 0 before the first change. */
    public long latestRevision() {
        return transactions.run(handle -> handle.attach(RevisionDao.class).head());
    }

    /** The latest revision that touched this item, or 0 when none still kept did ({@link ConfigRead#lastTouching}). */
    public long lastTouching(String kind, long id) {
        return transactions.run(handle -> new ConfigRead(handle).lastTouching(kind, id));
    }

    /** When the first revision after {@code revision} was made; empty when there is none (it is the latest). */
    public Optional<Instant> firstMadeAfter(long revision) {
        return transactions.run(handle -> handle.attach(RevisionDao.class).firstMadeAfter(revision));
    }

    public Optional<Revision> find(long number) {
        return transactions.run(handle -> new ConfigRead(handle).revision(number));
    }

    /**
     * A page of revisions, newest first: those numbered below {@code before} (all when null), only those that
     * touched {@code kind}/{@code id} when {@code kind} is not null.
     */
    public List<Revision> page(String kind, long id, Long before, int limit) {
        long below = before == null ? Long.MAX_VALUE : before;
        return transactions.run(handle -> {
            RevisionDao dao = handle.attach(RevisionDao.class);
            List<RevisionDao.RevisionRow> rows = kind == null ? dao.page(below, limit)
                    : dao.pageOf(kind, id, below, limit);
            return withTouched(dao, rows);
        });
    }

    /** Every item touched after revision {@code after}, in the order of the revisions that touched them. */
    public List<RevisionItem> touchedAfter(long after) {
        return transactions.run(handle -> new ConfigRead(handle).touchedAfter(after));
    }

    /** An item a revision touched, with the revision's number. */
    public record RevisionItem(long revision, Touched touched) {
    }

    /**
     * Removes up to {@code maxRevisions} of the oldest revisions made before {@code before}, keeping the latest
     * {@code keepLatest} whatever their age, and the kept secrets of removed webhooks that no revision left touches;
     * returns how many revisions were removed.
     */
    public int prune(Instant before, int keepLatest, int maxRevisions) {
        return transactions.run(handle -> {
            RevisionDao dao = handle.attach(RevisionDao.class);
            Optional<Long> oldest = dao.oldest();
            Optional<Long> old = dao.newestBefore(before);
            if (oldest.isEmpty() || old.isEmpty()) {
                return 0;
            }
            long upTo = Math.min(Math.min(old.get(), dao.head() - keepLatest), oldest.get() + maxRevisions - 1);
            if (upTo < oldest.get()) {
                return 0;
            }
            dao.pruneTouched(upTo);
            int pruned = dao.prune(upTo);
            handle.attach(WebhookDao.class).pruneTombstones();
            return pruned;
        });
    }

    /** The oldest revision still kept, or empty when none is. */
    public Optional<Long> oldestRevision() {
        return transactions.run(handle -> handle.attach(RevisionDao.class).oldest());
    }

    static List<Revision> withTouched(RevisionDao dao, List<RevisionDao.RevisionRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<Touched>> touched = new LinkedHashMap<>();
        for (RevisionDao.TouchedRow item : dao.touched(rows.stream().map(RevisionDao.RevisionRow::revision).toList())) {
            touched.computeIfAbsent(item.revision(), n -> new ArrayList<>()).add(item.touched());
        }
        return rows.stream().map(row -> revision(row, touched.getOrDefault(row.revision(), List.of()))).toList();
    }

    static Revision revision(RevisionDao.RevisionRow row, List<Touched> touched) {
        return new Revision(row.revision(), row.madeAt(), row.author(), row.client(), row.requestId(), row.action(),
                row.summary(), row.sourceRevision(), touched);
    }
}
