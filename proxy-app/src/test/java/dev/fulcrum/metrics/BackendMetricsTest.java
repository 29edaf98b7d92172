package dev.fulcrum.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.health.EventState;
import dev.fulcrum.health.HealthEvent;
import dev.fulcrum.health.ProbeResult;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendHealth;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.pool.HealthState;
import dev.fulcrum.pool.Route;
import dev.fulcrum.pool.TrafficMeter;
import dev.fulcrum.testing.PrometheusSamples;
import dev.fulcrum.time.ManualTime;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each backend's meters against a real pool and a real Prometheus registry: made, renamed, dropped, read. */
class BackendMetricsTest {

    private final ManualTime time = new ManualTime();
    private final PrometheusMetrics metrics = new PrometheusMetrics();
    private final BackendPool pool = new BackendPool(time);
    private final BackendMetrics backends = new BackendMetrics(metrics.registry(), pool, time);

    @AfterEach
    void close() {
        metrics.close();
    }

    private static Backend backend(long id, String name) {
        return new Backend(id, name, URI.create("http://127.0.0.1:" + (5000 + id)), 1, true);
    }

    private PrometheusSamples scrape() {
        return new PrometheusSamples(new String(metrics.scrape(null).body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    private TrafficMeter meterOf(long id) {
        for (int i = 0; i < pool.routingTable().size(); i++) {
            Route route = pool.routingTable().route(i);
            if (route.backend().id() == id) {
                return route.load().meter();
            }
        }
        throw new AssertionError("backend " + id + " is not routed");
    }

    private void up(Backend backend) {
        pool.reportHealth(backend, new BackendHealth(HealthState.UP, Instant.now(), 1, null));
    }

    @Test
    void theRouteCarriesItsBackendsMeterAcrossTableRebuilds() {
        pool.meterWith(backends);
        Backend one = backend(1, "one");
        pool.replaceAll(List.of(one, backend(2, "two")));
        up(one);
        TrafficMeter meter = meterOf(1);

        pool.put(one.withWeight(5));
        up(backend(2, "two"));

        assertThat(meterOf(1)).isSameAs(meter);
        meter.completed(200, 3_000_000, 10, 20);
        meter.completed(404, 1_000_000, 0, 5);
        PrometheusSamples samples = scrape();
        assertThat(samples.value("fulcrum_backend_requests_total", "backend", "one", "code", "2xx")).isEqualTo(1);
        assertThat(samples.value("fulcrum_backend_requests_total", "backend", "one", "code", "4xx")).isEqualTo(1);
        assertThat(samples.value("fulcrum_backend_request_duration_seconds_count", "backend", "one")).isEqualTo(2);
        assertThat(samples.value("fulcrum_backend_request_duration_seconds_bucket", "backend", "one", "le",
                "0.001")).isEqualTo(1);
        assertThat(samples.value("fulcrum_backend_request_bytes_total", "backend", "one")).isEqualTo(10);
        assertThat(samples.value("fulcrum_backend_response_bytes_total", "backend", "one")).isEqualTo(25);
        assertThat(samples.value("fulcrum_backend_up", "backend", "one")).isEqualTo(1);
        assertThat(samples.value("fulcrum_backend_routable", "backend", "one")).isEqualTo(1);
    }

    @Test
    void aRenamedBackendIsExportedUnderItsNewNameOnlyAndARemovedOneNotAtAll() {
        pool.meterWith(backends);
        pool.replaceAll(List.of(backend(1, "one"), backend(2, "two")));

        pool.put(backend(1, "uno"));
        pool.remove(2);

        PrometheusSamples samples = scrape();
        assertThat(samples.has("fulcrum_backend_requests_total", "backend", "uno")).isTrue();
        assertThat(samples.has("fulcrum_backend_requests_total", "backend", "one")).isFalse();
        assertThat(samples.has("fulcrum_backend_up", "backend", "two")).isFalse();
        assertThat(samples.has("fulcrum_health_checks_total", "backend", "two")).isFalse();
        assertThat(backends.lastMinute(2)).isEmpty();
    }

    @Test
    void aNameGivenUpByOneBackendCanBeTakenByAnother() {
        pool.meterWith(backends);
        pool.replaceAll(List.of(backend(1, "a"), backend(2, "b")));

        pool.replaceAll(List.of(backend(1, "b"), backend(2, "a")));
        up(backend(1, "b"));
        up(backend(2, "a"));
        meterOf(1).completed(200, 1, 0, 0);

        PrometheusSamples samples = scrape();
        assertThat(samples.value("fulcrum_backend_requests_total", "backend", "b", "code", "2xx")).isEqualTo(1);
        assertThat(samples.value("fulcrum_backend_requests_total", "backend", "a", "code", "2xx")).isZero();
    }

    @Test
    void backendsKnownBeforeMeteringBeganAreMeteredToo() {
        pool.replaceAll(List.of(backend(1, "early")));
        pool.meterWith(backends);

        assertThat(scrape().has("fulcrum_backend_requests_in_flight", "backend", "early")).isTrue();
    }

    @Test
    void probesAndEjectionsAreCountedPerBackend() {
        pool.meterWith(backends);
        pool.replaceAll(List.of(backend(1, "one")));

        backends.probed(new ProbeResult(1, Instant.now(), true, 200, 3, null));
        backends.probed(new ProbeResult(1, Instant.now(), false, 0, 2000, "timeout after 2s"));
        backends.changed(new HealthEvent(1, Instant.now(), EventState.UP, EventState.EJECTED, "passive"));
        backends.probed(new ProbeResult(99, Instant.now(), true, 200, 3, null));

        PrometheusSamples samples = scrape();
        assertThat(samples.value("fulcrum_health_checks_total", "backend", "one", "result", "pass")).isEqualTo(1);
        assertThat(samples.value("fulcrum_health_checks_total", "backend", "one", "result", "fail")).isEqualTo(1);
        assertThat(samples.value("fulcrum_health_check_duration_seconds_count", "backend", "one")).isEqualTo(2);
        assertThat(samples.value("fulcrum_backend_ejections_total", "backend", "one")).isEqualTo(1);
    }

    @Test
    void theLastMinuteComesFromSamplesAMinuteApart() {
        pool.meterWith(backends);
        Backend one = backend(1, "one");
        pool.replaceAll(List.of(one));
        up(one);
        TrafficMeter meter = meterOf(1);
        for (int i = 0; i < 30; i++) {
            meter.completed(200, 2_000_000, 0, 0);
        }
        backends.sample();
        for (int step = 0; step < 12; step++) {
            time.advance(Duration.ofSeconds(5));
            backends.sample();
        }
        for (int i = 0; i < 6; i++) {
            meter.completed(503, 40_000_000, 0, 0);
        }

        TrafficFigures minute = backends.lastMinute(1).orElseThrow();

        assertThat(minute.requests()).isEqualTo(6);
        assertThat(minute.status5xx()).isEqualTo(6);
        assertThat(minute.status2xx()).isZero();
        assertThat(minute.seconds()).isEqualTo(60);
        assertThat(minute.requestsPerSecond()).isEqualTo(0.1);
        assertThat(minute.p50Ms()).isBetween(25.0, 50.0);
        assertThat(backends.lastMinute().requests()).isEqualTo(6);
        // The chart's last step runs from the newest sample to now.
        time.advance(Duration.ofSeconds(2));
        assertThat(backends.recent(1)).last().satisfies(step -> assertThat(step.errorsPerSecond()).isEqualTo(3));
    }
}
