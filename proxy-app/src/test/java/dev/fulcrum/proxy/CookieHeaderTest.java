package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CookieHeaderTest {

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "session=abc                     | session | abc",
        "a=1; session=abc; b=2           | session | abc",
        "a=1;session=abc                 | session | abc",
        "session=abc;                    | session | abc",
        "a=1;  session=abc  ; b=2        | session | abc",
        "session=\"abc\"                 | session | abc",
        "session=                        | session | ''",
        "xsession=abc; session=def       | session | def",
        "sessionx=abc                    | session | NONE",
        "Session=abc                     | session | NONE",
        "a=session=abc                   | session | NONE",
        "session                         | session | NONE",
        "''                              | session | NONE",
        "session=a=b                     | session | a=b",
        "session=1; session=2            | session | 1",
    })
    void findsTheValueOfTheNamedCookie(String header, String name, String value) {
        long found = CookieHeader.find(header, name);
        if (value == null) {
            assertThat(found).isEqualTo(CookieHeader.ABSENT);
        } else {
            assertThat(header.substring(CookieHeader.start(found), CookieHeader.end(found))).isEqualTo(value);
        }
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NONE", value = {"NONE"})
    void noHeaderHasNoCookie(String header) {
        assertThat(CookieHeader.find(header, "session")).isEqualTo(CookieHeader.ABSENT);
    }
}
