package dev.fulcrum.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A password a JDBC URL carries never shows where the URL is printed. */
class DatabaseSettingsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://db:5432/fulcrum|jdbc:postgresql://db:5432/fulcrum",
        "jdbc:postgresql://db/fulcrum?password=s3cret|jdbc:postgresql://db/fulcrum?password=***",
        "jdbc:postgresql://db/fulcrum?user=lb&password=s3cret&ssl=true"
                + "|jdbc:postgresql://db/fulcrum?user=lb&password=***&ssl=true",
        "jdbc:postgresql://db/fulcrum?PASSWORD=a%26b|jdbc:postgresql://db/fulcrum?PASSWORD=***",
        "jdbc:h2:file:./data/fulcrum;USER=sa;PASSWORD=s3cret;MODE=Regular"
                + "|jdbc:h2:file:./data/fulcrum;USER=sa;PASSWORD=***;MODE=Regular",
        "jdbc:postgresql://db/fulcrum?sslpassword=x|jdbc:postgresql://db/fulcrum?sslpassword=x",
    })
    void urlPasswordsAreMasked(String url, String shown) {
        assertThat(DatabaseSettings.masked(url)).isEqualTo(shown);
        assertThat(new DatabaseSettings(url, "lb", "other").toString()).contains(shown).doesNotContain("s3cret")
                .doesNotContain("other");
    }

    @Test
    void aDatabaseThatCannotBeOpenedIsNamedWithoutItsPassword() {
        assertThatThrownBy(() -> Database.open("jdbc:postgresql://127.0.0.1:1/fulcrum?user=lb&password=s3cret"))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/fulcrum?user=lb&password=***")
                .hasMessageNotContaining("s3cret");
    }

    @ParameterizedTest(name = "failure {0}")
    @CsvSource({"1, 500", "2, 1000", "3, 2000", "5, 8000", "6, 10000", "40, 10000"})
    void listenerRetriesDoubleUpToTenSeconds(int failures, long millis) {
        assertThat(RevisionNotices.retryAfter(failures).toMillis()).isEqualTo(millis);
    }
}
