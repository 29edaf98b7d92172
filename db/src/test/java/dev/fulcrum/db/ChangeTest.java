package dev.fulcrum.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChangeTest {

    @ParameterizedTest(name = "{0} applied to {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
        "keep,  stored, stored",
        "keep,  null,   null",
        "set,   stored, new",
        "set,   null,   new",
        "clear, stored, null",
        "clear, null,   null",
    })
    void appliesToTheStoredValue(String kind, String stored, String after) {
        assertThat(change(kind).applyTo(stored)).isEqualTo(after);
    }

    @ParameterizedTest(name = "{0}: keep {1}, set to new {2}")
    @CsvSource({
        "keep,  true,  false",
        "set,   false, true",
        "clear, false, false",
    })
    void saysWhatItDoes(String kind, boolean isKeep, boolean isSetToNew) {
        assertThat(change(kind).isKeep()).isEqualTo(isKeep);
        assertThat(change(kind).isSetTo("new")).isEqualTo(isSetToNew);
    }

    @ParameterizedTest(name = "{0} mapped -> {1}")
    @CsvSource({"keep, keep", "set, set NEW", "clear, clear"})
    void mapsOnlyASetValue(String kind, String mapped) {
        assertThat(change(kind).map(String::toUpperCase)).hasToString(mapped);
    }

    private static Change<String> change(String kind) {
        return switch (kind) {
            case "keep" -> Change.keep();
            case "set" -> Change.set("new");
            default -> Change.setOrClear(null);
        };
    }
}
