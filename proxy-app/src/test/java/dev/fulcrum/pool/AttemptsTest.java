package dev.fulcrum.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttemptsTest {

    @ParameterizedTest(name = "{0} attempts: backend {1} tried = {2}, counted {3}")
    @CsvSource({
            "0, 1, false, 0",
            "1, 1, true,  1",
            "1, 2, false, 1",
            "2, 2, true,  2",
            "3, 3, true,  3",
            "3, 4, false, 3",
            "8, 8, true,  8",
            "9, 9, false, 8",
            "12, 1, true, 8",
    })
    void remembersEveryBackendTriedUpToTheMaximum(int attempts, long backend, boolean tried, int counted) {
        Attempts sent = new Attempts();
        LongStream.rangeClosed(1, attempts).forEach(id -> sent.add(Backends.backend(id)));

        assertThat(sent.contains(Backends.backend(backend))).isEqualTo(tried);
        assertThat(sent.count()).isEqualTo(counted);
    }
}
