package dev.fulcrum.bench;

import dev.fulcrum.pool.Attempts;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.pool.RoundRobinSelector;
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
 * The backend-selection hot path as a request thread runs it: read the routing table, pick the next backend, and (for
 * a retry) skip the ones already tried. Run with {@code bench/selector-jmh.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoundRobinSelectorBenchmark {

    @Param({"3", "100"})
    int backends;

    private final BackendPool pool = new BackendPool();
    private final RoundRobinSelector selector = new RoundRobinSelector();

    @Setup
    public void fillPool() {
        List<Backend> list = new ArrayList<>();
        for (int i = 1; i <= backends; i++) {
            list.add(new Backend(i, "b" + i, URI.create("http://127.0.0.1:" + (9000 + i)), 1, true));
        }
        pool.replaceAll(list);
    }

    @Benchmark
    @Threads(2)
    public Backend firstAttempt() {
        return selector.select(pool.routingTable(), null);
    }

    @Benchmark
    @Threads(2)
    public Backend retryAfterOneFailure() {
        RoutingTable table = pool.routingTable();
        Attempts attempts = new Attempts();
        attempts.add(selector.select(table, attempts));
        return selector.select(table, attempts);
    }
}
