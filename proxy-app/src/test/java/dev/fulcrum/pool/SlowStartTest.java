package dev.fulcrum.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlowStartTest {

    @ParameterizedTest(name = "{0} ms into a {1} s window: {2}")
    @CsvSource({
        "0,      30, 0.1",
        "1000,   30, 0.1",
        "3000,   30, 0.1",
        "6000,   30, 0.2",
        "15000,  30, 0.5",
        "29999,  30, 0.99997",
        "30000,  30, 1",
        "90000,  30, 1",
        "-5,     30, 0.1",
        "500,    1,  0.5",
    })
    void theShareGrowsLinearlyFromATenthToAll(long elapsedMillis, long windowSeconds, double share) {
        assertThat(SlowStart.share(Duration.ofMillis(elapsedMillis).toNanos(), Duration.ofSeconds(windowSeconds)))
                .isCloseTo(share, Offset.offset(0.00001));
    }

    @ParameterizedTest(name = "a {0} s window is stepped every {1} ms")
    @CsvSource({
        "1,    250",
        "5,    250",
        "30,   1500",
        "3600, 180000",
    })
    void aRampIsTakenInTwentyStepsOfAtLeastAQuarterSecond(long windowSeconds, long stepMillis) {
        assertThat(SlowStart.stepNanos(Duration.ofSeconds(windowSeconds)))
                .isEqualTo(Duration.ofMillis(stepMillis).toNanos());
    }
}
