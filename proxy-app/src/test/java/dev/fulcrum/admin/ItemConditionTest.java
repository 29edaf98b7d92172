package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which change of one item goes ahead, and which is refused with 412 or 409. */
class ItemConditionTest {

    @ParameterizedTest(name = "If-Match {0}, last touched {1}, applied {2} -> {3}")
    @CsvSource(nullValues = "none", value = {
        // No If-Match: refused only when a revision this instance has not applied touched the item.
        "none, 0,  0,  200",
        "none, 5,  9,  200",
        "none, 9,  9,  200",
        "none, 10, 9,  409",
        // If-Match: the version read must be the item's version, whatever the instance applied.
        "5,    5,  9,  200",
        "5,    7,  9,  412",
        "0,    0,  3,  200",
        "7,    5,  9,  412",
        "10,   10, 9,  409",
        "9,    10, 9,  412",
    })
    void decides(Long ifMatch, long lastTouching, long applied, int status) {
        ApiError refused = catchThrowableOfType(ApiError.class,
                () -> ItemCondition.check("backend 3", ifMatch, lastTouching, applied));
        assertThat(refused == null ? 200 : refused.status()).isEqualTo(status);
        if (refused != null) {
            assertThat(refused.getMessage()).startsWith("backend 3 ").contains("nothing was applied");
            assertThat(refused.field()).isEqualTo(status == 412 ? "If-Match" : null);
        }
    }
}
