package dev.fulcrum.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The SQL for {@code backend}; used only inside {@link BackendRepository}'s and {@link ConfigStore}'s transactions. */
@RegisterConstructorMapper(BackendRecord.class)
interface BackendDao {

    String COLUMNS = "id, name, url, weight, enabled, draining, health_path, expect_status, check_interval_ms,"
            + " created_at, updated_at";

    @SqlQuery("SELECT " + COLUMNS + " FROM backend ORDER BY id")
    List<BackendRecord> list();

    @SqlQuery("SELECT " + COLUMNS + " FROM backend WHERE id = :id")
    Optional<BackendRecord> find(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM backend WHERE url = :url")
    Optional<BackendRecord> findByUrl(@Bind("url") String url);

    @SqlQuery("SELECT COUNT(*) FROM backend WHERE name = :name")
    int countByName(@Bind("name") String name);

    @SqlUpdate("INSERT INTO backend (name, url, weight, enabled, draining, health_path, expect_status,"
            + " check_interval_ms, created_at, updated_at) VALUES (:b.name, :b.url, :b.weight, :b.enabled, :b.draining,"
            + " :b.healthPath, :b.expectStatus, :b.checkIntervalMs, :now, :now)")
    @GetGeneratedKeys("id")
    long insert(@BindMethods("b") NewBackend backend, @Bind("now") Instant now);

    /** Stores a backend under an id the database handed out before (a removal undone): never one it has not. */
    @SqlUpdate("INSERT INTO backend (id, name, url, weight, enabled, draining, health_path, expect_status,"
            + " check_interval_ms, created_at, updated_at) VALUES (:id, :b.name, :b.url, :b.weight, :b.enabled,"
            + " :b.draining, :b.healthPath, :b.expectStatus, :b.checkIntervalMs, :now, :now)")
    void insertWithId(@Bind("id") long id, @BindMethods("b") NewBackend backend, @Bind("now") Instant now);

    @SqlUpdate("UPDATE backend SET name = :b.name, url = :b.url, weight = :b.weight, enabled = :b.enabled,"
            + " draining = :b.draining, health_path = :b.healthPath, expect_status = :b.expectStatus, check_interval_ms = :b.checkIntervalMs,"
            + " updated_at = :now WHERE id = :id")
    int update(@Bind("id") long id, @BindMethods("b") NewBackend values, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM backend WHERE id = :id")
    int delete(@Bind("id") long id);
}
