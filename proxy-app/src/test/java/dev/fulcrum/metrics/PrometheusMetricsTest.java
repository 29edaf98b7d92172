package dev.fulcrum.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.PrometheusSamples;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrometheusMetricsTest {

    private final PrometheusMetrics metrics = new PrometheusMetrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    private PrometheusSamples scrape() {
        return new PrometheusSamples(new String(metrics.scrape(null).body(), StandardCharsets.UTF_8));
    }

    /** Micrometer holds a function counter's source weakly; a lambda nobody else holds must still be read. */
    @Test
    void countersReadFromSuppliersSurviveGarbageCollection() {
        metrics.counter("fulcrum.test.things", "things", () -> 7, "kind", "a");
        metrics.timer("fulcrum.test.lag", "lag", () -> 2, () -> 3_000_000_000L);
        metrics.gauge("fulcrum.test.open", "open", () -> 4);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }

        PrometheusSamples samples = scrape();
        assertThat(samples.value("fulcrum_test_things_total", "kind", "a")).isEqualTo(7);
        assertThat(samples.value("fulcrum_test_lag_seconds_count")).isEqualTo(2);
        assertThat(samples.value("fulcrum_test_lag_seconds_sum")).isEqualTo(3);
        assertThat(samples.value("fulcrum_test_open")).isEqualTo(4);
    }

    @Test
    void theFormatFollowsTheScrapersAccept() {
        assertThat(metrics.scrape(null).contentType()).isEqualTo(PrometheusMetrics.TEXT);
        assertThat(metrics.scrape("text/plain;version=0.0.4;q=1,*/*;q=0.1").contentType())
                .isEqualTo(PrometheusMetrics.TEXT);
        assertThat(metrics.scrape("application/openmetrics-text;version=1.0.0;q=0.9,text/plain;q=0.5")
                .contentType()).isEqualTo(PrometheusMetrics.OPENMETRICS);
        assertThat(new String(metrics.scrape("application/openmetrics-text").body(), StandardCharsets.UTF_8))
                .endsWith("# EOF\n");
    }
}
