package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MalformedQueryTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
        "-                                  | -",
        "''                                 | -",
        "to=2026-01-01T00:00:00Z&limit=5    | -",
        "from=%2B2026-01-01T00%3A00%3A00Z   | -",
        "to=%zz                             | to=%zz",
        "limit=5&before=%                   | before=%",
        "limit=5&before=%4                  | before=%4",
        "a%g1=1                             | a%g1=1",
        "x=%41%4                            | x=%41%4",
    })
    void findsTheFirstParameterWithABrokenEscape(String query, String broken) {
        assertThat(MalformedQuery.firstBrokenParameter(query)).isEqualTo(broken);
    }
}
