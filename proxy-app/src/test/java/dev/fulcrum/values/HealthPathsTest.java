package dev.fulcrum.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110's absolute-path with an optional query, of RFC 3986 characters and complete escapes. */
class HealthPathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/health", "//x", "/a/./b/../c", "/%7Euser", "/a%20b", "/~user/(x)/it's;v=1/@:+,$!*",
        "/ready?", "/ready?deep=1&x=/y?z", "/%C3%A9t%C3%A9", "/a=b;c"})
    void accepts(String path) {
        assertThat(HealthPaths.check(path)).isEqualTo(path);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " -> ", quoteCharacter = '\u00a4', value = {
        "health -> must start with '/'",
        "/a|b -> has '|' at position 3, which a URL path may not contain (write it as %7C)",
        "/a<b -> has '<' at position 3",
        "/a\"b -> has '\"' at position 3",
        "/a{b} -> has '{' at position 3",
        "/a\\b -> has '\\' at position 3",
        "/a^b -> has '^' at position 3",
        "/a`b -> has '`' at position 3",
        "/a[b] -> has '[' at position 3",
        "/a#top -> has '#' at position 3",
        "/a b -> has a space at position 3",
        "/caf\u00e9 -> has a non-ASCII character at position 5",
        "/a\tb -> has a control character at position 3",
        "/a% -> has an incomplete percent-escape at position 3",
        "/a%4 -> has an incomplete percent-escape at position 3",
        "/a%zz -> has an incomplete percent-escape at position 3",
        "/ok?q=%g0 -> has an incomplete percent-escape at position 7",
        "/ok?q=a|b -> has '|' at position 8",
    })
    void refusesWithThePositionOfTheFirstOffendingCharacter(String path, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> HealthPaths.check(path))
                .withMessageStartingWith(message);
    }
}
