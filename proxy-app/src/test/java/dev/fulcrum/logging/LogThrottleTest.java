package dev.fulcrum.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.time.ManualTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogThrottleTest {

    @Test
    void oneLineAnIntervalGoesThroughAndTheHeldOnesAreCountedOnTheNext() {
        ManualTime time = new ManualTime();
        LogThrottle throttle = new LogThrottle(Duration.ofSeconds(10), time);

        assertThat(throttle.tryLog()).isEqualTo(0);
        assertThat(throttle.tryLog()).isEqualTo(-1);
        assertThat(throttle.tryLog()).isEqualTo(-1);
        time.advance(Duration.ofSeconds(10));
        assertThat(throttle.tryLog()).isEqualTo(2);
        assertThat(throttle.tryLog()).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0} held back, {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            0 | failed connects  | ""
            1 | failed connects  | " (1 more failed connects since the last such line)"
            17 | TLS failures    | " (17 more TLS failures since the last such line)"
            """)
    void aLineLetThroughSaysHowManyWereHeldBack(long heldBack, String what, String end) {
        assertThat(LogThrottle.heldBack(heldBack, what)).isEqualTo(end);
    }
}
