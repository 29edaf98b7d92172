package dev.fulcrum.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.testing.LogCapture;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A task runs first at once, then when the test clock says it is due, at once when nudged, and survives a failure. */
class DueTaskTest {

    private static final Duration EVERY = Duration.ofSeconds(1);

    private final ManualTime time = new ManualTime();
    private final AtomicInteger runs = new AtomicInteger();
    private final DueTask task = new DueTask("fulcrum-test-task", EVERY, Duration.ofMillis(10), time, () -> {
        if (runs.incrementAndGet() == 2) {
            throw new IllegalStateException("second run fails");
        }
    });

    @AfterEach
    void close() {
        task.close();
    }

    @Test
    void runsWhenTheClockSaysItIsDue() {
        task.runIfDue();
        task.runIfDue();
        assertThat(runs).hasValue(1);

        time.advance(EVERY.minusMillis(1));
        task.runIfDue();
        assertThat(runs).hasValue(1);
        time.advance(Duration.ofMillis(1));
        task.runIfDue();
        assertThat(runs).hasValue(2);
    }

    @Test
    void aNudgeRunsItAtOnceOnItsThread() {
        task.runIfDue();
        task.start();

        task.nudge();
        await().until(() -> runs.get() == 2);
        task.nudge();
        await().until(() -> runs.get() == 3);
    }

    @Test
    void aFailureIsLoggedAndTheNextRunGoesOn() {
        try (LogCapture log = new LogCapture(DueTask.class)) {
            task.runIfDue();
            time.advance(EVERY);
            task.runIfDue();
            time.advance(EVERY);
            task.runIfDue();

            assertThat(runs).hasValue(3);
            assertThat(log.messages()).containsExactly("ERROR test-task failed; it runs again within PT1S");
        }
    }
}
