package dev.fulcrum.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatencyBucketsTest {

    /** Counts per bucket (not cumulative), for the first buckets: 1, 2.5, 5, 10 ms; the rest hold nothing. */
    @ParameterizedTest(name = "{0} with q={1} -> {2} ms")
    @CsvSource(delimiter = '|', value = {
        // all in the first bucket: interpolated from 0 to 1 ms
        "10 0 0 0   | 0.5  | 0.5",
        "10 0 0 0   | 1.0  | 1.0",
        // half in the first, half in the second: the median is the first's bound
        "5 5 0 0    | 0.5  | 1.0",
        // within the second bucket (1-2.5 ms): 7.5 of 10 is halfway into its 5
        "5 5 0 0    | 0.75 | 1.75",
        // the 99th of 100 in the fourth bucket (5-10 ms): 99 - 90 = 9 of its 10
        "50 20 20 10 | 0.99 | 9.5",
        // skips empty buckets
        "0 0 4 0    | 0.5  | 3.75",
    })
    void quantilesAreInterpolatedWithinTheirBucketAsPrometheusDoes(String counts, double q, double millis) {
        long[] cumulative = cumulative(counts);
        long count = cumulative[cumulative.length - 1];
        assertThat(LatencyBuckets.quantileMillis(cumulative, count, q)).isCloseTo(millis,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @ParameterizedTest(name = "{0} of {1} beyond 30 s")
    @CsvSource({"1, 1", "10, 100"})
    void aQuantileBeyondTheLastBoundIsTheLastBound(long beyond, long count) {
        long[] cumulative = new long[LatencyBuckets.BOUNDS_NANOS.length];
        java.util.Arrays.fill(cumulative, count - beyond);
        assertThat(LatencyBuckets.quantileMillis(cumulative, count, 0.999)).isEqualTo(30_000.0);
    }

    @ParameterizedTest(name = "{0} values")
    @CsvSource({"0", "-1"})
    void noValuesHaveNoQuantile(long count) {
        assertThat(LatencyBuckets.quantileMillis(new long[LatencyBuckets.BOUNDS_NANOS.length], count, 0.5)).isNull();
    }

    @ParameterizedTest(name = "bound {0} is {1} ms")
    @CsvSource({"0, 1", "1, 2.5", "8, 500", "9, 1000", "13, 30000"})
    void theBoundsRunFromOneMillisecondToThirtySeconds(int index, double millis) {
        assertThat(LatencyBuckets.BOUNDS_NANOS[index] / 1e6).isEqualTo(millis);
        assertThat(LatencyBuckets.bounds()[index].toNanos()).isEqualTo(LatencyBuckets.BOUNDS_NANOS[index]);
    }

    private static long[] cumulative(String counts) {
        long[] cumulative = new long[LatencyBuckets.BOUNDS_NANOS.length];
        String[] each = counts.trim().split("\\s+");
        long sum = 0;
        for (int i = 0; i < cumulative.length; i++) {
            sum += i < each.length ? Long.parseLong(each[i]) : 0;
            cumulative[i] = sum;
        }
        return cumulative;
    }
}
