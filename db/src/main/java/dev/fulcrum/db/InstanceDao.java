package dev.fulcrum.db;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The SQL for {@code instance}; used only inside {@link InstanceRepository}'s transactions. */
@RegisterConstructorMapper(InstanceRecord.class)
interface InstanceDao {

    @SqlUpdate("UPDATE instance SET version = :i.version, started_at = :i.startedAt, heartbeat_at = :i.heartbeatAt,"
            + " revision_applied = :i.revisionApplied WHERE id = :i.id")
    int update(@BindMethods("i") InstanceRecord instance);

    @SqlUpdate("INSERT INTO instance (id, version, started_at, heartbeat_at, revision_applied)"
            + " VALUES (:i.id, :i.version, :i.startedAt, :i.heartbeatAt, :i.revisionApplied)")
    void insert(@BindMethods("i") InstanceRecord instance);

    @SqlQuery("SELECT id, version, started_at, heartbeat_at, revision_applied FROM instance"
            + " WHERE heartbeat_at >= :since ORDER BY id")
    List<InstanceRecord> heardSince(@Bind("since") Instant since);

    @SqlUpdate("DELETE FROM instance WHERE heartbeat_at < :before")
    int prune(@Bind("before") Instant before);
}
