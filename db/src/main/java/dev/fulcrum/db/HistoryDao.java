package dev.fulcrum.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The SQL for the health-history tables; used only inside {@link HistoryRepository}'s transactions. */
@RegisterConstructorMapper(HealthCheckRow.class)
@RegisterConstructorMapper(HealthEventRow.class)
@RegisterConstructorMapper(RollupRow.class)
@RegisterConstructorMapper(InstanceChecks.class)
interface HistoryDao {

    String CHECK_COLUMNS = "backend_id, checked_at, passed, status, latency_ms, error, instance_id";
    String EVENT_COLUMNS = "id, backend_id, occurred_at, from_state, to_state, reason, instance_id";

    @SqlBatch("INSERT INTO health_check (" + CHECK_COLUMNS + ")"
            + " VALUES (:backendId, :checkedAt, :passed, :status, :latencyMs, :error, :instanceId)")
    void insertChecks(@BindMethods List<HealthCheckRow> rows);

    @SqlBatch("INSERT INTO health_event (backend_id, occurred_at, from_state, to_state, reason, instance_id)"
            + " VALUES (:backendId, :occurredAt, :fromState, :toState, :reason, :instanceId)")
    void insertEvents(@BindMethods List<HealthEventRow> rows);

    @SqlUpdate("UPDATE health_rollup SET checks = checks + :checks, failures = failures + :failures,"
            + " min_latency_ms = LEAST(min_latency_ms, :minLatencyMs),"
            + " max_latency_ms = GREATEST(max_latency_ms, :maxLatencyMs),"
            + " sum_latency_ms = sum_latency_ms + :sumLatencyMs"
            + " WHERE backend_id = :backendId AND instance_id = :instanceId AND minute_start = :minuteStart")
    int addToRollup(@BindMethods RollupRow minute);

    @SqlUpdate("INSERT INTO health_rollup (backend_id, minute_start, checks, failures, min_latency_ms, max_latency_ms,"
            + " sum_latency_ms, instance_id) VALUES (:backendId, :minuteStart, :checks, :failures, :minLatencyMs,"
            + " :maxLatencyMs, :sumLatencyMs, :instanceId)")
    void insertRollup(@BindMethods RollupRow minute);

    @SqlQuery("SELECT " + CHECK_COLUMNS + " FROM health_check"
            + " WHERE backend_id = :backendId AND checked_at >= :from AND checked_at <= :to"
            + " AND (:instanceId IS NULL OR instance_id = :instanceId)"
            + " ORDER BY checked_at DESC, id DESC FETCH FIRST <limit> ROWS ONLY")
    List<HealthCheckRow> checks(@Bind("backendId") long backendId, @Bind("instanceId") String instanceId,
                                @Bind("from") Instant from, @Bind("to") Instant to, @Define("limit") int limit);

    @SqlQuery("SELECT backend_id, minute_start, checks, failures, min_latency_ms, max_latency_ms, sum_latency_ms,"
            + " instance_id FROM health_rollup WHERE backend_id = :backendId AND minute_start >= :from"
            + " AND minute_start <= :to AND (:instanceId IS NULL OR instance_id = :instanceId)"
            + " ORDER BY minute_start DESC, instance_id FETCH FIRST <limit> ROWS ONLY")
    List<RollupRow> rollups(@Bind("backendId") long backendId, @Bind("instanceId") String instanceId,
                            @Bind("from") Instant from, @Bind("to") Instant to, @Define("limit") int limit);

    @SqlQuery("SELECT " + EVENT_COLUMNS + " FROM health_event"
            + " WHERE (:backendId IS NULL OR backend_id = :backendId) AND (:beforeId IS NULL OR id < :beforeId)"
            + " ORDER BY id DESC FETCH FIRST <limit> ROWS ONLY")
    List<HealthEventRow> events(@Bind("backendId") Long backendId, @Bind("beforeId") Long beforeId,
                                @Define("limit") int limit);

    @SqlQuery("SELECT " + CHECK_COLUMNS + " FROM health_check WHERE backend_id = :backendId"
            + " AND instance_id = :instanceId ORDER BY checked_at DESC, id DESC FETCH FIRST 1 ROWS ONLY")
    Optional<HealthCheckRow> lastCheck(@Bind("backendId") long backendId, @Bind("instanceId") String instanceId);

    @SqlQuery("SELECT " + EVENT_COLUMNS + " FROM health_event WHERE backend_id = :backendId"
            + " AND instance_id = :instanceId ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")
    Optional<HealthEventRow> lastEvent(@Bind("backendId") long backendId, @Bind("instanceId") String instanceId);

    @SqlQuery("SELECT instance_id, COUNT(*) AS checks, SUM(CASE WHEN passed THEN 0 ELSE 1 END) AS failures"
            + " FROM health_check WHERE backend_id = :backendId AND checked_at >= :from AND checked_at <= :to"
            + " GROUP BY instance_id ORDER BY instance_id")
    List<InstanceChecks> checksByInstance(@Bind("backendId") long backendId, @Bind("from") Instant from,
                                          @Bind("to") Instant to);

    @SqlQuery("SELECT PERCENTILE_CONT(:fraction) WITHIN GROUP (ORDER BY latency_ms) FROM health_check"
            + " WHERE backend_id = :backendId AND checked_at >= :from AND checked_at <= :to")
    Optional<Double> latencyPercentile(@Bind("backendId") long backendId, @Bind("from") Instant from,
                                       @Bind("to") Instant to, @Bind("fraction") double fraction);

    @SqlQuery("SELECT COUNT(*) FROM health_event WHERE backend_id = :backendId AND occurred_at >= :from AND occurred_at <= :to")
    long countEvents(@Bind("backendId") long backendId, @Bind("from") Instant from, @Bind("to") Instant to);

    @SqlQuery("SELECT MAX(occurred_at) FROM health_event WHERE backend_id = :backendId AND occurred_at <= :to")
    Optional<Instant> lastEvent(@Bind("backendId") long backendId, @Bind("to") Instant to);

    @SqlUpdate("DELETE FROM health_check WHERE id IN (SELECT id FROM health_check WHERE checked_at < :before"
            + " ORDER BY id FETCH FIRST <limit> ROWS ONLY)")
    int pruneChecks(@Bind("before") Instant before, @Define("limit") int limit);

    @SqlUpdate("DELETE FROM health_rollup WHERE id IN (SELECT id FROM health_rollup WHERE minute_start < :before"
            + " ORDER BY id FETCH FIRST <limit> ROWS ONLY)")
    int pruneRollups(@Bind("before") Instant before, @Define("limit") int limit);

    @SqlUpdate("DELETE FROM health_event WHERE id IN (SELECT id FROM health_event WHERE occurred_at < :before"
            + " ORDER BY id FETCH FIRST <limit> ROWS ONLY)")
    int pruneEvents(@Bind("before") Instant before, @Define("limit") int limit);
}
