package dev.fulcrum.metrics;

/**
 * A backend's traffic over a recent window (the last minute), or all backends' together: how long the window really
 * was (shorter while the backend is new), its requests by the status class the client got, the percentiles of their
 * latency (null without requests) and the retries away from the backend.
 */
public record TrafficFigures(double seconds, long requests, long status1xx, long status2xx, long status3xx,
                             long status4xx, long status5xx, Double p50Ms, Double p95Ms, Double p99Ms, long retries) {

    /** Requests per second over the window; 0 for an empty one. */
    public double requestsPerSecond() {
        return seconds <= 0 ? 0 : requests / seconds;
    }

    static TrafficFigures of(long[] delta, long millis) {
        return new TrafficFigures(millis / 1000.0, TrafficSample.requests(delta), delta[0], delta[1], delta[2],
                delta[3], delta[4], TrafficSample.quantileMillis(delta, 0.5), TrafficSample.quantileMillis(delta, 0.95),
                TrafficSample.quantileMillis(delta, 0.99), delta[TrafficSample.RETRIES]);
    }
}
