package dev.fulcrum.bench;

import dev.fulcrum.pool.Algorithm;
import dev.fulcrum.pool.Attempts;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.pool.Balancer;
import dev.fulcrum.pool.BalancerSettings;
import dev.fulcrum.pool.HashKeys;
import dev.fulcrum.pool.HashOn;
import dev.fulcrum.pool.Route;
import dev.fulcrum.pool.RoutingTable;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The backend-selection hot path as a request thread runs it, for every algorithm: read the routing table, pick a
 * backend (for {@code hash}, hashing a header-sized key first), and (for a retry) skip the ones already tried. Weights
 * differ (1 to 5), so the smooth round-robin cycle is longer than the table. Run with {@code bench/selector-jmh.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SelectorBenchmark {

    @Param({"round-robin", "least-requests", "hash"})
    String algorithm;

    @Param({"3", "100"})
    int backends;

    private final BackendPool pool = new BackendPool();
    private final Balancer balancer = new Balancer();
    private final String[] keys = new String[1024];

    /** Each thread walks through the keys on its own. */
    @State(Scope.Thread)
    public static class Keys {
        int next;
    }

    @Setup
    public void fillPool() {
        Algorithm chosen = Algorithm.parse(algorithm);
        pool.configure(new BalancerSettings(chosen, chosen == Algorithm.HASH ? HashOn.parse("header:X-User") : null,
                null, null));
        List<Backend> list = new ArrayList<>();
        for (int i = 1; i <= backends; i++) {
            list.add(new Backend(i, "b" + i, URI.create("http://127.0.0.1:" + (9000 + i)), 1 + i % 5, true));
        }
        pool.replaceAll(list);
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "user-" + (i * 7919) + "-session";
        }
    }

    /** The next key's hash for {@code hash}, as the proxy reads and hashes one per request; 0 for the others. */
    private long key(RoutingTable table, Keys thread) {
        if (table.settings().algorithm() != Algorithm.HASH) {
            return 0;
        }
        return HashKeys.of(keys[thread.next++ & (keys.length - 1)]);
    }

    private Route select(RoutingTable table, long key, Attempts tried) {
        return key == 0 ? balancer.select(table, tried) : balancer.select(table, key, tried);
    }

    @Benchmark
    @Threads(2)
    public Route firstAttempt(Keys thread) {
        RoutingTable table = pool.routingTable();
        return select(table, key(table, thread), null);
    }

    @Benchmark
    @Threads(2)
    public Route retryAfterOneFailure(Keys thread) {
        RoutingTable table = pool.routingTable();
        long key = key(table, thread);
        Attempts attempts = new Attempts();
        attempts.add(select(table, key, attempts).backend());
        return select(table, key, attempts);
    }
}
