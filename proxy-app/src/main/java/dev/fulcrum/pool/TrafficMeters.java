package dev.fulcrum.pool;

/**
 * Makes the {@link TrafficMeter} of each backend the pool learns of, and forgets it when the backend goes. Called by
 * the {@link BackendPool} under its lock, on the control plane only, when it builds a routing table: the one place
 * where a backend's labels are resolved.
 */
public interface TrafficMeters {

    /** No metrics: every backend gets {@link TrafficMeter#NONE}. */
    TrafficMeters NONE = new TrafficMeters() {
        @Override
        public TrafficMeter register(Backend backend, BackendLoad load) {
            return TrafficMeter.NONE;
        }

        @Override
        public void unregister(long backendId, TrafficMeter meter) {
        }
    };

    /** The meter of a backend the pool has just learnt of, or that has a new name (its label). */
    TrafficMeter register(Backend backend, BackendLoad load);

    /** The backend is gone, or renamed: the meter made for it is no longer exported. */
    void unregister(long backendId, TrafficMeter meter);
}
