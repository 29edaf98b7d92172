package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.util.ConcurrentPool;
import org.eclipse.jetty.util.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link LifoPool} answers as Jetty's {@link ConcurrentPool} does for entries used by one holder at a time: each case
 * runs the same steps on both and compares every return value and every entry's state after each step.
 */
class LifoPoolTest {

    /**
     * Steps, space-separated: {@code reserve}, {@code enable:N} (idle), {@code enableUsed:N} (in use), {@code acquire},
     * {@code release:N}, {@code remove:N}, {@code terminate}; N counts reserved entries from 0. At most one entry is
     * idle when a case acquires, as the two pools pick among several differently.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            reserve enable:0 acquire release:0 acquire
            reserve reserve reserve
            reserve enable:0 reserve enable:1 reserve
            reserve enableUsed:0 acquire release:0 release:0 acquire
            reserve acquire enable:0 remove:0 acquire
            reserve enable:0 acquire remove:0 release:0 remove:0
            reserve remove:0 enable:0
            reserve enable:0 remove:0 remove:0 reserve
            reserve enableUsed:0 reserve enable:1 terminate remove:0 remove:1 release:0 reserve acquire
            reserve enable:0 terminate acquire reserve remove:0
            reserve terminate enable:0
            reserve enableUsed:0 acquire reserve enableUsed:1 release:1 release:0 acquire acquire acquire
            reserve enable:0 acquire release:0 remove:0 acquire reserve reserve
            """)
    void answersAsJettysConcurrentPool(String steps) {
        Script jetty = new Script(new ConcurrentPool<>(ConcurrentPool.StrategyType.FIRST, 2));
        Script lifo = new Script(new LifoPool<>(2));
        for (String step : steps.split(" ")) {
            assertThat(lifo.run(step)).as("%s in %s", step, steps).isEqualTo(jetty.run(step));
        }
    }

    @Test
    void theEntryReleasedLastIsAcquiredFirst() {
        LifoPool<String> pool = new LifoPool<>(3);
        List<Pool.Entry<String>> entries = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            Pool.Entry<String> entry = pool.reserve();
            entry.enable(name, true);
            entries.add(entry);
        }
        entries.get(1).release();
        entries.get(0).release();
        entries.get(2).release();

        assertThat(pool.acquire().getPooled()).isEqualTo("c");
        assertThat(pool.acquire().getPooled()).isEqualTo("a");
        assertThat(pool.acquire().getPooled()).isEqualTo("b");
        assertThat(pool.acquire()).isNull();
    }

    @Test
    void anEntryIsEnabledOnce() {
        LifoPool<String> pool = new LifoPool<>(1);
        Pool.Entry<String> entry = pool.reserve();
        entry.enable("a", false);

        assertThatThrownBy(() -> entry.enable("b", false)).isInstanceOf(IllegalStateException.class);
    }

    /** Runs steps on one pool and describes what each returned and the state of every entry after it. */
    private static final class Script {

        private final Pool<String> pool;
        private final List<Pool.Entry<String>> entries = new ArrayList<>();

        Script(Pool<String> pool) {
            this.pool = pool;
        }

        String run(String step) {
            String[] parts = step.split(":");
            Object result = switch (parts[0]) {
                case "reserve" -> {
                    Pool.Entry<String> entry = pool.reserve();
                    if (entry != null) {
                        entries.add(entry);
                    }
                    yield entry != null;
                }
                case "enable" -> entry(parts).enable("c" + parts[1], false);
                case "enableUsed" -> entry(parts).enable("c" + parts[1], true);
                case "acquire" -> {
                    Pool.Entry<String> entry = pool.acquire();
                    yield entry == null ? "none" : entry.getPooled();
                }
                case "release" -> entry(parts).release();
                case "remove" -> entry(parts).remove();
                case "terminate" -> pool.terminate().size();
                default -> throw new IllegalArgumentException(step);
            };
            StringBuilder state = new StringBuilder(result + " size=" + pool.size()
                    + " terminated=" + pool.isTerminated());
            for (Pool.Entry<String> entry : entries) {
                state.append(" [").append(entry.isReserved() ? "R" : "").append(entry.isIdle() ? "I" : "")
                        .append(entry.isInUse() ? "U" : "").append(entry.isTerminated() ? "T" : "").append(']');
            }
            return state.toString();
        }

        private Pool.Entry<String> entry(String[] parts) {
            return entries.get(Integer.parseInt(parts[1]));
        }
    }
}
