package dev.fulcrum.db;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * The health history: probe results, their per-minute rollups, and state-change events.
 *
 * <p>Results are written in batches by one writer; each batch is folded into the rollups in the same transaction, so
 * the rollups always summarise exactly the raw rows stored. Batches are committed without waiting for the disk (H2
 * writes them within its write delay), so a crash may lose the last moments of history but never slows the writer.
 * Old history is removed in small deletes, so pruning never holds a long lock on a busy table.
 *
 * <p>Every row is tagged with the instance that wrote it: instances sharing a PostgreSQL each probe every backend for
 * their own routing, so a backend can be up for one and down for another. Summaries merge them; each instance's
 * share and its latest view of a backend are there too.
 */
public final class HistoryRepository {

    /** The advisory lock under which one instance at a time prunes ("fulcrum" and 1). */
    static final long RETENTION_LOCK = 0x66756c6372756d01L;

    private final Transactions transactions;

    HistoryRepository(Transactions transactions) {
        this.transactions = transactions;
    }

    /** Stores the results and adds them to their minutes' rollups, in one transaction. */
    public void recordChecks(List<HealthCheckRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<RollupRow> minutes = rollUp(rows);
        transactions.run(handle -> {
            HistoryDao dao = dao(handle);
            dao.insertChecks(rows);
            for (RollupRow minute : minutes) {
                if (dao.addToRollup(minute) == 0) {
                    dao.insertRollup(minute);
                }
            }
            return null;
        });
    }

    public void recordEvents(List<HealthEventRow> events) {
        if (events.isEmpty()) {
            return;
        }
        transactions.run(handle -> {
            dao(handle).insertEvents(events);
            return null;
        });
    }

    /** Raw results of one backend within [from, to], newest first, by every instance. */
    public List<HealthCheckRow> checks(long backendId, Instant from, Instant to, int limit) {
        return checks(backendId, null, from, to, limit);
    }

    /** Raw results of one backend within [from, to], newest first, by one instance or ({@code instanceId} null) all. */
    public List<HealthCheckRow> checks(long backendId, String instanceId, Instant from, Instant to, int limit) {
        return transactions.run(handle -> dao(handle).checks(backendId, instanceId, from, to, limit));
    }

    /** Per-minute rollups of one backend with minutes within [from, to], newest first, of every instance. */
    public List<RollupRow> rollups(long backendId, Instant from, Instant to, int limit) {
        return rollups(backendId, null, from, to, limit);
    }

    /** Per-minute rollups as above, of one instance or ({@code instanceId} null) all. */
    public List<RollupRow> rollups(long backendId, String instanceId, Instant from, Instant to, int limit) {
        return transactions.run(handle -> dao(handle).rollups(backendId, instanceId, from, to, limit));
    }

    /** The backend as each of these instances last saw it, in their order. */
    public List<BackendSeenBy> seenBy(long backendId, List<String> instanceIds) {
        return transactions.run(handle -> {
            HistoryDao dao = dao(handle);
            List<BackendSeenBy> seen = new ArrayList<>(instanceIds.size());
            for (String instanceId : instanceIds) {
                seen.add(new BackendSeenBy(instanceId, dao.lastCheck(backendId, instanceId).orElse(null),
                        dao.lastEvent(backendId, instanceId).orElse(null)));
            }
            return seen;
        });
    }

    /**
     * State changes, newest first: of one backend or all ({@code backendId} null), and, for the next page, only those
     * older than the event {@code beforeId}.
     */
    public List<HealthEventRow> events(Long backendId, Long beforeId, int limit) {
        return transactions.run(handle -> dao(handle).events(backendId, beforeId, limit));
    }

    /**
     * One backend's health over [from, to]. From the raw results ({@code fromRaw}) the percentiles are exact; from
     * the rollups, used once raw results are pruned, they are percentiles of the per-minute averages weighted by the
     * number of checks: an approximation that smooths out single slow probes.
     */
    public HealthSummary summary(long backendId, Instant from, Instant to, boolean fromRaw) {
        return transactions.run(handle -> {
            HistoryDao dao = dao(handle);
            long transitions = dao.countEvents(backendId, from, to);
            Instant lastChange = dao.lastEvent(backendId, to).orElse(null);
            if (fromRaw) {
                // One statement, so the merged counts are exactly the sums of the instances' shares.
                List<InstanceChecks> byInstance = dao.checksByInstance(backendId, from, to);
                long checks = byInstance.stream().mapToLong(InstanceChecks::checks).sum();
                long failures = byInstance.stream().mapToLong(InstanceChecks::failures).sum();
                Integer p50 = checks == 0 ? null : round(dao.latencyPercentile(backendId, from, to, 0.5).orElse(null));
                Integer p95 = checks == 0 ? null : round(dao.latencyPercentile(backendId, from, to, 0.95).orElse(null));
                return new HealthSummary(checks, failures, uptime(checks, failures), p50, p95, transitions, lastChange,
                        byInstance);
            }
            List<RollupRow> minutes = dao.rollups(backendId, null, from.truncatedTo(ChronoUnit.MINUTES), to,
                    Integer.MAX_VALUE);
            long checks = minutes.stream().mapToLong(RollupRow::checks).sum();
            long failures = minutes.stream().mapToLong(RollupRow::failures).sum();
            return new HealthSummary(checks, failures, uptime(checks, failures), weightedPercentile(minutes, 0.5),
                    weightedPercentile(minutes, 0.95), transitions, lastChange, byInstance(minutes));
        });
    }

    /**
     * Runs {@code pruning} (calls of the prune methods) unless another instance sharing the database is pruning now;
     * returns whether it ran. Each row past retention is so deleted by one instance, once.
     */
    public boolean pruneAlone(Runnable pruning) {
        return transactions.exclusively(RETENTION_LOCK, pruning);
    }

    public int pruneChecks(Instant before, int maxRows) {
        return transactions.run(handle -> dao(handle).pruneChecks(before, requirePositive(maxRows)));
    }

    public int pruneRollups(Instant before, int maxRows) {
        return transactions.run(handle -> dao(handle).pruneRollups(before, requirePositive(maxRows)));
    }

    public int pruneEvents(Instant before, int maxRows) {
        return transactions.run(handle -> dao(handle).pruneEvents(before, requirePositive(maxRows)));
    }

    static List<RollupRow> rollUp(List<HealthCheckRow> rows) {
        Map<String, RollupRow> minutes = new LinkedHashMap<>();
        for (HealthCheckRow row : rows) {
            Instant minute = row.checkedAt().truncatedTo(ChronoUnit.MINUTES);
            RollupRow one = new RollupRow(row.backendId(), minute, 1, row.passed() ? 0 : 1, row.latencyMs(),
                    row.latencyMs(), row.latencyMs(), row.instanceId());
            minutes.merge(row.backendId() + "@" + row.instanceId() + "@" + minute, one, (a, b) -> new RollupRow(
                    a.backendId(), a.minuteStart(), a.checks() + b.checks(), a.failures() + b.failures(),
                    Math.min(a.minLatencyMs(), b.minLatencyMs()), Math.max(a.maxLatencyMs(), b.maxLatencyMs()),
                    a.sumLatencyMs() + b.sumLatencyMs(), a.instanceId()));
        }
        return new ArrayList<>(minutes.values());
    }

    private static List<InstanceChecks> byInstance(List<RollupRow> minutes) {
        Map<String, InstanceChecks> instances = new TreeMap<>();
        for (RollupRow minute : minutes) {
            instances.merge(minute.instanceId(), new InstanceChecks(minute.instanceId(), minute.checks(),
                    minute.failures()), (a, b) -> new InstanceChecks(a.instanceId(), a.checks() + b.checks(),
                    a.failures() + b.failures()));
        }
        return List.copyOf(instances.values());
    }

    private static Integer weightedPercentile(List<RollupRow> minutes, double fraction) {
        long total = minutes.stream().mapToLong(RollupRow::checks).sum();
        if (total == 0) {
            return null;
        }
        List<RollupRow> byLatency = new ArrayList<>(minutes);
        byLatency.sort(Comparator.comparingDouble(RollupRow::avgLatencyMs));
        double rank = fraction * total;
        long seen = 0;
        for (RollupRow minute : byLatency) {
            seen += minute.checks();
            if (seen >= rank) {
                return (int) Math.round(minute.avgLatencyMs());
            }
        }
        return (int) Math.round(byLatency.get(byLatency.size() - 1).avgLatencyMs());
    }

    private static double uptime(long checks, long failures) {
        return checks == 0 ? 0 : (checks - failures) * 100.0 / checks;
    }

    private static Integer round(Double value) {
        return value == null ? null : (int) Math.round(value);
    }

    private static int requirePositive(int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be positive: " + maxRows);
        }
        return maxRows;
    }

    private static HistoryDao dao(Handle handle) {
        return handle.attach(HistoryDao.class);
    }
}
