package dev.fulcrum.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When an instance counts as behind: its first unapplied revision is more than ten seconds old. */
class LagTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @ParameterizedTest(name = "first unapplied made {0} ms ago -> behind {1}")
    @CsvSource(nullValues = "none", value = {
        "none,  false",
        "0,     false",
        "1999,  false",
        "10000, false",
        "10001, true",
        "60000, true",
        "-500,  false",
    })
    void behindOnlyPastTenSeconds(Long agoMillis, boolean behind) {
        Optional<Instant> firstUnapplied = Optional.ofNullable(agoMillis).map(NOW::minusMillis);
        assertThat(Lag.behind(firstUnapplied, NOW)).isEqualTo(behind);
    }
}
