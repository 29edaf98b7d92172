package dev.fulcrum.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The last minute and the chart's steps, from samples taken at known times. */
class TrafficWindowTest {

    private static final long T0 = 1_000_000_000_000L;

    /** A sample with {@code ok} 2xx and {@code errors} 5xx requests, all of them timed within 1 ms. */
    private static long[] sample(long ok, long errors) {
        long[] sample = new long[TrafficSample.SIZE];
        sample[1] = ok;
        sample[4] = errors;
        sample[TrafficSample.TIMED] = ok + errors;
        for (int i = 0; i < LatencyBuckets.BOUNDS_NANOS.length; i++) {
            sample[TrafficSample.BUCKETS + i] = ok + errors;
        }
        return sample;
    }

    @Test
    void theLastMinuteIsNowLessTheNewestSampleAMinuteOld() {
        TrafficWindow window = new TrafficWindow(T0);
        for (int step = 1; step <= 20; step++) {
            window.add(T0 + step * TrafficWindow.STEP_MILLIS, sample(step * 10, step));
        }
        long now = T0 + 100_000;

        TrafficWindow.Delta delta = window.last(now, sample(300, 30), TrafficWindow.MINUTE_MILLIS);

        // The newest sample at least 60 s before 100 s is the one at 40 s: 80 ok, 8 errors.
        assertThat(delta.millis()).isEqualTo(60_000);
        assertThat(delta.values()[1]).isEqualTo(220);
        assertThat(delta.values()[4]).isEqualTo(22);
        TrafficFigures figures = TrafficFigures.of(delta.values(), delta.millis());
        assertThat(figures.requests()).isEqualTo(242);
        assertThat(figures.requestsPerSecond()).isCloseTo(242 / 60.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aBackendYoungerThanAMinuteCountsFromItsStart() {
        TrafficWindow window = new TrafficWindow(T0);
        window.add(T0 + 5_000, sample(3, 0));

        TrafficWindow.Delta delta = window.last(T0 + 8_000, sample(7, 1), TrafficWindow.MINUTE_MILLIS);

        assertThat(delta.millis()).isEqualTo(8_000);
        assertThat(TrafficSample.requests(delta.values())).isEqualTo(8);
    }

    @Test
    void stepsAreTheDifferencesOfNeighbouringSamplesThenTheStepToNow() {
        TrafficWindow window = new TrafficWindow(T0);
        window.add(T0 + 5_000, sample(10, 0));
        window.add(T0 + 10_000, sample(10, 5));

        List<TrafficStep> steps = window.steps(T0 + 12_500, sample(20, 5));

        assertThat(steps).extracting(TrafficStep::atMillis).containsExactly(T0 + 5_000, T0 + 10_000, T0 + 12_500);
        assertThat(steps).extracting(TrafficStep::requestsPerSecond).containsExactly(2.0, 1.0, 4.0);
        assertThat(steps).extracting(TrafficStep::errorsPerSecond).containsExactly(0.0, 1.0, 0.0);
        assertThat(steps.get(0).p95Ms()).isNotNull();
    }

    @Test
    void aStepToNowShorterThanASecondIsLeftOut() {
        TrafficWindow window = new TrafficWindow(T0);
        window.add(T0 + 5_000, sample(10, 0));

        assertThat(window.steps(T0 + 5_999, sample(11, 0))).extracting(TrafficStep::atMillis)
                .containsExactly(T0 + 5_000);
        assertThat(window.steps(T0 + 6_000, sample(11, 0))).extracting(TrafficStep::atMillis)
                .containsExactly(T0 + 5_000, T0 + 6_000);
    }

    @Test
    void aFullWindowKeepsFiveMinutesOfSteps() {
        TrafficWindow window = new TrafficWindow(T0);
        int samples = (int) (TrafficWindow.KEPT_MILLIS / TrafficWindow.STEP_MILLIS) + 10;
        for (int step = 1; step <= samples; step++) {
            window.add(T0 + step * TrafficWindow.STEP_MILLIS, sample(step, 0));
        }
        long newest = T0 + samples * TrafficWindow.STEP_MILLIS;

        List<TrafficStep> steps = window.steps(newest, sample(samples, 0));

        assertThat(steps).hasSize((int) (TrafficWindow.KEPT_MILLIS / TrafficWindow.STEP_MILLIS));
        assertThat(steps.get(steps.size() - 1).atMillis()).isEqualTo(newest);
        assertThat(steps).allSatisfy(s -> assertThat(s.requestsPerSecond()).isEqualTo(0.2));
    }

    @Test
    void aCounterThatStartedOverCountsFromZero() {
        assertThat(TrafficSample.minus(sample(3, 0), sample(10, 0))[1]).isEqualTo(3);
    }
}
