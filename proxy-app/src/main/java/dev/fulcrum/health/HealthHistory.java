package dev.fulcrum.health;

/**
 * Where the checker and the control plane hand probe results and state changes to be kept. Implementations must
 * return at once: they are called on the checker's thread, which must never wait for a database.
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
}
