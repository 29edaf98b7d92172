package dev.fulcrum.metrics;

/**
 * One step of a backend's traffic chart, ending at {@code atMillis}: its rates and latency percentiles (null without
 * requests).
 */
public record TrafficStep(long atMillis, double requestsPerSecond, double errorsPerSecond, Double p50Ms,
                          Double p95Ms) {

    static TrafficStep of(long fromMillis, long toMillis, long[] delta) {
        double seconds = Math.max(0.001, (toMillis - fromMillis) / 1000.0);
        return new TrafficStep(toMillis, TrafficSample.requests(delta) / seconds,
                delta[TrafficSample.CLASSES - 1] / seconds, TrafficSample.quantileMillis(delta, 0.5),
                TrafficSample.quantileMillis(delta, 0.95));
    }
}
