package dev.fulcrum.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

    @ParameterizedTest(name = "after failure {0}: {1}")
    @CsvSource({"1, PT5S", "2, PT10S", "3, PT20S", "4, PT40S", "10, PT42M40S", "11, PT1H", "40, PT1H",
        "1000, PT1H"})
    void theWaitDoublesUpToAnHour(int failures, Duration wait) {
        assertThat(Backoff.after(failures)).isEqualTo(wait);
    }

    @ParameterizedTest(name = "failure {0} at age {1}: {2}")
    @CsvSource({
        "1, PT0S, PT5S",
        "3, PT1M, PT20S",
        // the last try is made when 24 hours are reached, not later
        "30, PT23H30M, PT30M",
        "30, PT23H59M59S, PT1S",
        "30, PT24H, ",
        "31, PT25H, ",
    })
    void triesStopAfterADay(int failures, Duration age, Duration wait) {
        assertThat(Backoff.next(failures, age)).isEqualTo(wait);
    }
}
