package dev.fulcrum.health;

import dev.fulcrum.pool.Backend;
import java.util.List;

/**
 * Where the checker and the control plane hand probe results and state changes to be kept, counted and announced.
 * Implementations must return at once: they are called on the checker's thread, which must never wait for a database
 * or a network.
 */
public interface HealthHistory {

    HealthHistory NONE = new HealthHistory() {
        @Override
        public void probed(ProbeResult result) {
        }

        @Override
        public void changed(HealthEvent event) {
        }
    };

    void probed(ProbeResult result);

    void changed(HealthEvent event);

    /**
     * A state change of {@code backend}, as it was configured when it happened: the callers that know it hand it on,
     * so that a listener can name a backend that is gone by the time it looks (a {@code removed} event).
     */
    default void changed(HealthEvent event, Backend backend) {
        changed(event);
    }

    /** Hands everything to each of {@code parts} in turn. */
    static HealthHistory all(HealthHistory... parts) {
        List<HealthHistory> each = List.of(parts);
        return new HealthHistory() {
            @Override
            public void probed(ProbeResult result) {
                for (HealthHistory part : each) {
                    part.probed(result);
                }
            }

            @Override
            public void changed(HealthEvent event) {
                for (HealthHistory part : each) {
                    part.changed(event);
                }
            }

            @Override
            public void changed(HealthEvent event, Backend backend) {
                for (HealthHistory part : each) {
                    part.changed(event, backend);
                }
            }
        };
    }
}
