package dev.fulcrum.db;

import org.jdbi.v3.core.Handle;

/**
 * What must happen after a transaction commits before an admin change may be answered: its data on stable storage.
 *
 * <p>H2's MVStore commits in memory and writes to its file up to {@code WRITE_DELAY} (500 ms) later, without fsync, so
 * a {@code kill -9} loses the last half second and a power cut more. {@code CHECKPOINT SYNC} writes every committed
 * change now and forces the file to the disk ({@code FileChannel.force}). A database that is durable at commit (as
 * PostgreSQL is with its default {@code synchronous_commit}) needs nothing, and neither does an in-memory one.
 */
interface CommitPolicy {

    CommitPolicy NONE = handle -> {
    };

    /** Runs on the handle of the transaction that has just committed. */
    void afterCommit(Handle handle);

    static CommitPolicy forUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:h2:mem:")) {
            return handle -> handle.execute("CHECKPOINT SYNC");
        }
        return NONE;
    }
}
