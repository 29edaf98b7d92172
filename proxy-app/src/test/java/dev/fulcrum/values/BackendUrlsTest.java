package dev.fulcrum.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackendUrlsTest {

    @ParameterizedTest
    @CsvSource({
        "http://127.0.0.1:5001, http://127.0.0.1:5001",
        "http://127.0.0.1:5001/, http://127.0.0.1:5001",
        "HTTP://Example.ORG, http://example.org:80",
        "https://example.org, https://example.org:443",
        "http://[::1]:8080, http://[::1]:8080",
    })
    void normalisesToSchemeHostAndExplicitPort(String given, String expected) {
        assertThat(BackendUrls.parse(given)).isEqualTo(URI.create(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "ftp://h:1", "//h:1", "h:1", "http://", "http://u@h:1", "http://h:1?q",
        "http://h:1#f", "http://h:1/p", "http://h:0", "http://h:65536", "http://h :1"})
    void rejects(String given) {
        assertThatIllegalArgumentException().isThrownBy(() -> BackendUrls.parse(given));
    }

    @Test
    void defaultNameIsAValidBackendName() {
        assertThat(BackendUrls.defaultName(URI.create("http://[::1]:8080"))).matches("[A-Za-z0-9._-]+");
        assertThat(BackendUrls.defaultName(URI.create("http://127.0.0.1:5001"))).isEqualTo("127.0.0.1-5001");
    }

    @ParameterizedTest
    @CsvSource({"500ms, 500", "5s, 5000", "1m, 60000", "2h, 7200000"})
    void durationsParseAndFormatBothWays(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "s", "1.5s", "-1s", "5 sec", "1w"})
    void badDurationsAreRefused(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text)).withMessageContaining(text);
    }
}
