package dev.fulcrum.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmoothWeightedOrderTest {

    /** The cycle as letters, a for member 0, b for member 1, ... */
    private static String letters(String weights) {
        int[] parsed = Arrays.stream(weights.split(",")).mapToInt(w -> Integer.parseInt(w.trim())).toArray();
        return Arrays.stream(SmoothWeightedOrder.of(parsed)).mapToObj(i -> String.valueOf((char) ('a' + i)))
                .collect(Collectors.joining());
    }

    @ParameterizedTest(name = "weights {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "5, 1, 1    | aabacaa",
        "1, 1, 1    | abc",
        "1          | a",
        "2, 1       | aba",
        "3, 2       | ababa",
        "1, 2, 3    | cbacbc",
        "4, 2, 2    | abca",
        "100, 100   | ab",
        "500, 100, 100 | aabacaa",
    })
    void theCycleIsNginxsSmoothOrder(String weights, String order) {
        assertThat(letters(weights)).isEqualTo(order);
    }

    @Test
    void weightsTooLargeForOneCycleAreScaledKeepingTheirRatio() {
        int[] order = SmoothWeightedOrder.of(new int[] {100_000, 99_999, 1});

        assertThat(order.length).isLessThanOrEqualTo(SmoothWeightedOrder.MAX_LENGTH);
        long a = Arrays.stream(order).filter(i -> i == 0).count();
        long b = Arrays.stream(order).filter(i -> i == 1).count();
        long c = Arrays.stream(order).filter(i -> i == 2).count();
        assertThat(c).isEqualTo(1);
        assertThat((double) a / b).isCloseTo(100_000 / 99_999.0, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void aWeightOfZeroIsNoMember() {
        assertThatThrownBy(() -> SmoothWeightedOrder.of(new int[] {1, 0})).isInstanceOf(IllegalArgumentException.class);
    }
}
