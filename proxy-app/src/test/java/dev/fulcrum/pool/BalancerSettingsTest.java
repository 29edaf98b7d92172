package dev.fulcrum.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The settings' words as users write them, each refusal saying what would be accepted. */
class BalancerSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"round-robin", "least-requests", "hash"})
    void algorithmsAreNamedByTheirLabels(String label) {
        assertThat(Algorithm.parse(label).label()).isEqualTo(label);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "roundrobin", "ROUND-ROBIN", "least_requests", "random", " hash"})
    void anUnknownAlgorithmNamesTheValidOnes(String label) {
        assertThatThrownBy(() -> Algorithm.parse(label)).hasMessageContaining("is not an algorithm")
                .hasMessageContaining("round-robin, least-requests, hash");
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "header:X-User-Id | HEADER    | X-User-Id",
        "cookie:session   | COOKIE    | session",
        "client-ip        | CLIENT_IP | -",
        "path             | PATH      | -",
        "header:a.b_c~1   | HEADER    | a.b_c~1",
    })
    void hashKeysParseAndPrintAsWritten(String text, HashOn.Kind kind, String name) {
        HashOn parsed = HashOn.parse(text);
        assertThat(parsed).isEqualTo(new HashOn(kind, name));
        assertThat(parsed.toString()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "header:          | names no header",
        "cookie:          | names no cookie",
        "header:X User    | may only contain",
        "cookie:a;b       | may only contain",
        "Header:X         | is not a hash key",
        "client-ip:1      | is not a hash key",
        "ip               | is not a hash key",
        "paths            | is not a hash key",
        "''               | is not a hash key",
    })
    void aBadHashKeySaysWhy(String text, String why) {
        assertThatThrownBy(() -> HashOn.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(why);
    }

    @Test
    void aNameLongerThanSixtyFourCharactersIsRefused() {
        assertThatThrownBy(() -> HashOn.parse("header:" + "h".repeat(65))).hasMessageContaining("longer than 64");
    }

    @Test
    void hashNeedsAKey() {
        assertThatThrownBy(() -> new BalancerSettings(Algorithm.HASH, null, null, null))
                .hasMessage(BalancerSettings.hashNeedsKey());
    }

    @ParameterizedTest
    @CsvSource({"0, false", "999, false", "1000, true", "3600000, true", "3600001, false"})
    void slowStartLiesBetweenASecondAndAnHour(long millis, boolean accepted) {
        Duration slowStart = Duration.ofMillis(millis);
        if (accepted) {
            assertThat(new BalancerSettings(Algorithm.ROUND_ROBIN, null, null, slowStart).slowStart())
                    .isEqualTo(slowStart);
        } else {
            assertThatThrownBy(() -> new BalancerSettings(Algorithm.ROUND_ROBIN, null, null, slowStart))
                    .hasMessage("slowStart must be between 1s and 1h");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a;b", "a=b", "", "\u00e9t\u00e9"})
    void theStickyCookieMustBeACookieName(String name) {
        assertThatThrownBy(() -> new BalancerSettings(Algorithm.ROUND_ROBIN, null, name, null))
                .hasMessageContaining("stickyCookie");
    }
}
