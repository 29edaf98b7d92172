package dev.fulcrum.db;

import static dev.fulcrum.db.Change.keep;
import static dev.fulcrum.db.Change.set;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only H2 does: a database file created on first use and kept across reopening, a change on the disk when its
 * call returns ({@link CommitPolicy}), and a store H2 closed itself opened again by the next calls.
 */
class H2DatabaseTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);

    private static NewBackend backend(String name, int port) {
        return new NewBackend(name, "http://127.0.0.1:" + port, 1, true);
    }

    @Test
    void aFileDatabaseKeepsRowsAndIdsAcrossReopen(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("nested/dir/fulcrum");
        long id;
        try (Database file = Database.open(url, "sa", "", clock)) {
            id = file.backends().create(backend("kept", 5001)).id();
            file.backends().create(backend("deleted", 5002));
            file.backends().delete(id + 1);
        }
        try (Database reopened = Database.open(url, "sa", "", clock)) {
            assertThat(reopened.backends().list()).extracting(BackendRecord::id, BackendRecord::name)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(id, "kept"));
            assertThat(reopened.backends().create(backend("next", 5003)).id()).isGreaterThan(id + 1);
        }
    }

    @Test
    void aChangeIsInTheFileWhenItsCallReturns(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("live/fulcrum");
        try (Database file = Database.open(url, "sa", "", clock)) {
            long id = file.backends().create(backend("durable", 5001)).id();
            file.backends().update(id, new BackendChanges(keep(), keep(), set(9), keep(), keep(), keep(),
                    keep(), keep()));

            // A copy taken at once holds only what has reached the file, not what H2 keeps in memory for later.
            java.nio.file.Files.createDirectories(dir.resolve("copy"));
            java.nio.file.Files.copy(dir.resolve("live/fulcrum.mv.db"), dir.resolve("copy/fulcrum.mv.db"));
            try (Database copy = Database.open("jdbc:h2:file:" + dir.resolve("copy/fulcrum"), "sa", "", clock)) {
                assertThat(copy.backends().find(id)).map(BackendRecord::weight).contains(9);
            }
        }
    }

    @Test
    void aDatabaseThatClosedItselfIsOpenedAgainByTheNextCalls(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("fulcrum");
        try (Database file = Database.open(url, "sa", "", clock)) {
            long id = file.backends().create(backend("kept", 5001)).id();
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "")) {
                c.createStatement().execute("SHUTDOWN IMMEDIATELY");
            }

            java.util.List<BackendRecord> listed = null;
            for (int attempt = 0; attempt < 2 && listed == null; attempt++) {
                try {
                    listed = file.backends().list();
                } catch (DatabaseUnavailableException e) {
                    // the pool's old connections died with the store; the renewed pool opens it again
                }
            }
            assertThat(listed).extracting(BackendRecord::id).containsExactly(id);
            assertThat(file.backends().create(backend("next", 5002)).id()).isGreaterThan(id);
        }
    }
}
