package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryAfterTest {

    @ParameterizedTest(name = "{0} ms -> Retry-After: {1}")
    @CsvSource({
        "1, 1",
        "500, 1",
        "1000, 1",
        "1001, 2",
        "5000, 5",
        "29999, 30",
        "30000, 30",
        "30001, 30",
        "3600000, 30",
        "86400000, 30",
    })
    void isTheWaitInWholeSecondsRoundedUpBetweenOneAndThirty(long millis, long seconds) {
        assertThat(RetryAfter.seconds(Duration.ofMillis(millis))).isEqualTo(seconds);
    }
}
