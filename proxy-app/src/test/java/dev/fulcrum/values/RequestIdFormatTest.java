package dev.fulcrum.values;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which request ids a client may bring, and what Fulcrum makes when it brings none it may keep. */
class RequestIdFormatTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(nullValues = "null", value = {
        "client-42.a:b,             true",
        "A-Z_a-z.0-9:+/=,           true",
        "0123456789abcdef0123456789abcdef, true",
        "x,                         true",
        "null,                      false",
        "'',                        false",
        "'has space',               false",
        "<script>,                  false",
        "a\"b,                      false",
        "a;b,                       false",
        "é,                         false",
    })
    void isUsable(String offered, boolean usable) {
        assertThat(RequestIdFormat.isUsable(offered)).isEqualTo(usable);
        assertThat(RequestIdFormat.choose(offered)).satisfies(chosen -> {
            if (usable) {
                assertThat(chosen).isEqualTo(offered);
            } else {
                assertThat(chosen).matches("[0-9a-f]{32}");
            }
        });
    }

    @ParameterizedTest(name = "{0} characters -> {1}")
    @CsvSource({"1, true", "128, true", "129, false", "1000, false"})
    void isAtMost128Characters(int length, boolean usable) {
        assertThat(RequestIdFormat.isUsable("a".repeat(length))).isEqualTo(usable);
    }

    @RepeatedTest(20)
    void aGeneratedIdIs32HexDigitsAndNewEachTime() {
        String one = RequestIdFormat.generate();
        assertThat(one).matches("[0-9a-f]{32}").isNotEqualTo(RequestIdFormat.generate());
    }
}
