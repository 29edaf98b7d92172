package dev.fulcrum.bench;

import dev.fulcrum.values.Durations;
import dev.fulcrum.db.Database;
import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.health.EjectionSettings;
import dev.fulcrum.health.HealthCheckSettings;
import dev.fulcrum.health.HealthChecker;
import dev.fulcrum.health.HttpHealthProbe;
import dev.fulcrum.history.HistoryWriter;
import dev.fulcrum.history.RetentionSettings;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.time.TimeSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.client.HttpClient;

/**
 * Does the checker keep its schedule for many backends while the history is written? Starts a few real demo
 * backends, puts N pool entries in front of them (spread over the backends' ports), checks them all at the given
 * interval into a real H2 file database, and prints how late probes started (the schedule lag) every 10 s.
 *
 * <p>Run with {@code bench/health-scale.sh [BACKENDS] [INTERVAL] [SECONDS]}. A measurement, not a test: the figures
 * depend on the machine.
 */
public final class HealthCheckScaleBenchmark {

    private HealthCheckScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Duration interval = Durations.parse(args.length > 1 ? args[1] : "1s");
        Duration run = Durations.parse(args.length > 2 ? args[2] : "60s");
        int servers = 10;

        List<DemoBackend> demos = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            DemoBackend demo = new DemoBackend("127.0.0.1", 0, "b" + i);
            demo.start();
            demos.add(demo);
        }
        Path dir = Files.createTempDirectory("fulcrum-scale");
        try (Database database = Database.open("jdbc:h2:file:" + dir.resolve("history"))) {
            HistoryWriter writer = new HistoryWriter(database.history(), "bench:1", RetentionSettings.DEFAULTS,
                    TimeSource.SYSTEM, Duration.ofMinutes(1));
            writer.start();
            // The checker as the server wires it: its own thread, its own probe client, the pool it reports to.
            HealthCheckSettings settings = new HealthCheckSettings("/health", interval, Duration.ofSeconds(2), 2, 3);
            BackendPool pool = new BackendPool();
            ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
            HttpClient probeClient = HttpHealthProbe.newClient(settings, dev.fulcrum.tls.BackendTls.VERIFIED);
            HealthChecker checker = new HealthChecker(pool, new HttpHealthProbe(probeClient, settings,
                    TimeSource.SYSTEM), settings, EjectionSettings.DEFAULTS, writer, thread, TimeSource.SYSTEM);
            List<Backend> backends = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                URI url = URI.create("http://127.0.0.1:" + demos.get(i % servers).port());
                backends.add(new Backend(i + 1, "b" + (i + 1), url, 1, true));
            }
            pool.replaceAll(backends);
            probeClient.start();
            checker.start();

            System.out.printf("%d backends, interval %s, %s run, history in %s%n", count, Durations.format(interval),
                    Durations.format(run), dir);
            System.out.printf("%8s %10s %12s %12s %14s %10s%n", "elapsed", "probes/s", "mean lag ms", "max lag ms",
                    "history rows", "dropped");
            long start = System.nanoTime();
            long lastProbes = 0;
            Thread.sleep(5_000);
            checker.lag().reset();
            double worst = 0;
            for (long elapsed = 10; elapsed <= run.toSeconds(); elapsed += 10) {
                Thread.sleep(10_000);
                var lag = checker.lag();
                long probes = lag.probes();
                worst = Math.max(worst, lag.maxMillis());
                System.out.printf("%7ds %10.0f %12.1f %12.1f %14d %10d%n", elapsed, (probes - lastProbes) / 10.0,
                        lag.meanMillis(), lag.maxMillis(), writer.written(), writer.dropped());
                lastProbes = probes;
            }
            System.out.printf("worst lag %.1f ms = %.1f%% of the %s interval; %s%n", worst,
                    worst * 100 / interval.toMillis(), Durations.format(interval),
                    worst < interval.toMillis() ? "schedule kept" : "schedule NOT kept");
            System.out.printf("ran %.0f s%n", (System.nanoTime() - start) / 1e9);
            checker.close();
            thread.shutdownNow();
            probeClient.stop();
            writer.close();
        } finally {
            for (DemoBackend demo : demos) {
                demo.close();
            }
        }
    }
}
