package dev.fulcrum.db;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The SQL for {@code balancer_settings}; used only inside {@link SettingsRepository}'s and {@link ConfigStore}'s transactions. */
@RegisterConstructorMapper(SettingsRecord.class)
interface SettingsDao {

    @SqlQuery("SELECT algorithm, hash_on, sticky_cookie, slow_start_ms, updated_at FROM balancer_settings WHERE id = 1")
    Optional<SettingsRecord> find();

    @SqlUpdate("INSERT INTO balancer_settings (id, algorithm, hash_on, sticky_cookie, slow_start_ms, updated_at)"
            + " VALUES (1, :algorithm, :hashOn, :stickyCookie, :slowStartMs, :now)")
    void insert(@Bind("algorithm") String algorithm, @Bind("hashOn") String hashOn,
                @Bind("stickyCookie") String stickyCookie, @Bind("slowStartMs") Integer slowStartMs,
                @Bind("now") Instant now);

    @SqlUpdate("UPDATE balancer_settings SET algorithm = :algorithm, hash_on = :hashOn, sticky_cookie = :stickyCookie,"
            + " slow_start_ms = :slowStartMs, updated_at = :now WHERE id = 1")
    int update(@Bind("algorithm") String algorithm, @Bind("hashOn") String hashOn,
               @Bind("stickyCookie") String stickyCookie, @Bind("slowStartMs") Integer slowStartMs,
               @Bind("now") Instant now);
}
