package dev.fulcrum.metrics;

import dev.fulcrum.pool.TrafficMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one backend, made when the pool learns of it and tagged {@code backend=NAME}: what the data path
 * records through {@link TrafficMeter} (requests by status class, their latency, body bytes, retries, connect
 * failures and timeouts), what the checker's results add (probes and their latency, passive ejections), and the
 * {@link TrafficWindow} the API's last minute and the page's chart are read from. Recording is Micrometer's adders and
 * fixed-bucket histogram: lock-free and allocation-free.
 */
final class BackendMeters implements TrafficMeter {

    private static final String[] CLASS_LABELS = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final long backendId;
    private final String name;
    private final Counter[] byClass = new Counter[TrafficSample.CLASSES];
    private final Timer duration;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter retries;
    private final Counter connectFailures;
    private final Counter timeouts;
    private final Counter ejections;
    private final Counter checksPassed;
    private final Counter checksFailed;
    private final Timer checkDuration;
    private final List<Meter> meters = new ArrayList<>();
    private final TrafficWindow window;

    BackendMeters(MeterRegistry registry, long backendId, String name, long nowMillis) {
        this.backendId = backendId;
        this.name = name;
        Tags backend = Tags.of("backend", name);
        for (int c = 0; c < CLASS_LABELS.length; c++) {
            byClass[c] = keep(Counter.builder("fulcrum.backend.requests")
                    .description("Client requests this backend served (or failed last), by the status class the "
                            + "client got")
                    .tags(backend).tag("code", CLASS_LABELS[c]).register(registry));
        }
        duration = keep(Timer.builder("fulcrum.backend.request.duration")
                .description("Time from a client request's first byte to the end of its response, by the backend "
                        + "that served it")
                .tags(backend).serviceLevelObjectives(LatencyBuckets.bounds()).register(registry));
        bytesIn = keep(Counter.builder("fulcrum.backend.request").baseUnit("bytes")
                .description("Request body bytes read from clients for this backend").tags(backend)
                .register(registry));
        bytesOut = keep(Counter.builder("fulcrum.backend.response").baseUnit("bytes")
                .description("Response body bytes written to clients from this backend").tags(backend)
                .register(registry));
        retries = keep(Counter.builder("fulcrum.backend.retries")
                .description("Requests that failed on this backend and were tried again on another").tags(backend)
                .register(registry));
        connectFailures = keep(Counter.builder("fulcrum.backend.connect.failures")
                .description("Connections to this backend that could not be made (refused, unreachable, TLS)")
                .tags(backend).register(registry));
        timeouts = keep(Counter.builder("fulcrum.backend.timeouts")
                .description("Requests this backend did not answer in time").tags(backend).register(registry));
        ejections = keep(Counter.builder("fulcrum.backend.ejections")
                .description("Times live traffic ejected this backend (passive health check)").tags(backend)
                .register(registry));
        checksPassed = keep(Counter.builder("fulcrum.health.checks")
                .description("Active health checks of this backend, by result").tags(backend).tag("result", "pass")
                .register(registry));
        checksFailed = keep(Counter.builder("fulcrum.health.checks")
                .description("Active health checks of this backend, by result").tags(backend).tag("result", "fail")
                .register(registry));
        checkDuration = keep(Timer.builder("fulcrum.health.check.duration")
                .description("Time an active health check of this backend took, failed ones included")
                .tags(backend).serviceLevelObjectives(LatencyBuckets.bounds()).register(registry));
        window = new TrafficWindow(nowMillis);
    }

    /** Keeps a meter made here, so that {@link #removeFrom} removes exactly those. */
    <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    long backendId() {
        return backendId;
    }

    String name() {
        return name;
    }

    @Override
    public void completed(int status, long durationNanos, long bytesIn, long bytesOut) {
        byClass[TrafficSample.classOf(status)].increment();
        duration.record(durationNanos, TimeUnit.NANOSECONDS);
        if (bytesIn > 0) {
            this.bytesIn.increment(bytesIn);
        }
        if (bytesOut > 0) {
            this.bytesOut.increment(bytesOut);
        }
    }

    @Override
    public void retried() {
        retries.increment();
    }

    @Override
    public void connectFailed() {
        connectFailures.increment();
    }

    @Override
    public void timedOut() {
        timeouts.increment();
    }

    void probed(boolean passed, long latencyMillis) {
        (passed ? checksPassed : checksFailed).increment();
        checkDuration.record(Math.max(0, latencyMillis), TimeUnit.MILLISECONDS);
    }

    void ejected() {
        ejections.increment();
    }

    /** The counters now, in {@link TrafficSample}'s layout. */
    long[] sample() {
        long[] sample = new long[TrafficSample.SIZE];
        for (int c = 0; c < TrafficSample.CLASSES; c++) {
            sample[c] = (long) byClass[c].count();
        }
        HistogramSnapshot histogram = duration.takeSnapshot();
        sample[TrafficSample.TIMED] = histogram.count();
        for (CountAtBucket bucket : histogram.histogramCounts()) {
            int i = java.util.Arrays.binarySearch(LatencyBuckets.BOUNDS_NANOS,
                    Math.round(bucket.bucket(TimeUnit.NANOSECONDS)));
            if (i >= 0) {
                sample[TrafficSample.BUCKETS + i] = (long) bucket.count();
            }
        }
        sample[TrafficSample.RETRIES] = (long) retries.count();
        return sample;
    }

    TrafficWindow window() {
        return window;
    }

    void removeFrom(MeterRegistry registry) {
        for (Meter meter : meters) {
            registry.remove(meter);
        }
    }
}
