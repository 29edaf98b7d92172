package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.pool.HashKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestKeysTest {

    @ParameterizedTest(name = "header [{0}] -> [{1}]")
    @CsvSource(nullValues = "NONE", value = {"user-7, user-7", "'', NONE", "NONE, NONE", "' a ', ' a '"})
    void aHeaderIsHashedAsSent(String value, String key) {
        assertThat(RequestKeys.header(value)).isEqualTo(key == null ? HashKeys.NONE : HashKeys.of(key));
    }

    @ParameterizedTest(name = "cookie [{0}] -> [{1}]")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "session=abc; lang=en | abc",
        "lang=en              | NONE",
        "session=             | NONE",
        "session=\"abc\"      | abc",
        "NONE                 | NONE",
    })
    void aCookieIsHashedByItsValue(String header, String key) {
        assertThat(RequestKeys.cookie(header, "session")).isEqualTo(key == null ? HashKeys.NONE : HashKeys.of(key));
    }

    @ParameterizedTest(name = "path [{0}] -> [{1}]")
    @CsvSource({
        "/a/b,          /a/b",
        "/a/b?x=1,      /a/b",
        "/a%2Fb,        /a%2Fb",
        "/a%2fb?q=%2F,  /a%2fb",
        "/%2e%2e/x,     /%2e%2e/x",
        "/,             /",
        "/?,            /",
    })
    void aPathIsHashedWithoutItsQueryAndNeverDecoded(String pathQuery, String key) {
        assertThat(RequestKeys.path(pathQuery)).isEqualTo(HashKeys.of(key));
    }

    @ParameterizedTest
    @CsvSource({"/a%2Fb, /a/b", "/a%2Fb, /a%2fb", "/a, /A"})
    void pathsThatDecodeAlikeAreDifferentKeys(String one, String other) {
        assertThat(RequestKeys.path(one)).isNotEqualTo(RequestKeys.path(other));
    }
}
