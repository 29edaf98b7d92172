package dev.fulcrum.admin;

import java.util.List;

/**
 * What the admin API reads from the data path's counters, and nothing more: the composition root implements it over
 * the proxy's traffic counters, its retry budget and the backends' meters, so the API never holds the proxy's or the
 * metrics' internals.
 */
public interface TrafficView {

    /** One second of client traffic. */
    record Second(long epochSecond, long requests, long errors) {
    }

    /**
     * A backend's traffic over the last minute, or all backends' together: requests per second, requests by the
     * status class the client got, the percentiles of their latency in milliseconds (null without requests), the
     * retries away from it, and its requests in flight now. While a backend is younger than a minute, its minute is
     * as long as its life.
     */
    record Minute(double requestsPerSecond, long requests, long status2xx, long status3xx, long status4xx,
                  long status5xx, Double p50Ms, Double p95Ms, Double p99Ms, long retries, int inFlight) {

        public Minute {
            requestsPerSecond = hundredths(requestsPerSecond);
            p50Ms = hundredths(p50Ms);
            p95Ms = hundredths(p95Ms);
            p99Ms = hundredths(p99Ms);
        }

        /** Figures are given to the hundredth: more digits would be noise. */
        static Double hundredths(Double value) {
            return value == null ? null : Math.round(value * 100) / 100.0;
        }
    }

    /** One step of a backend's recent traffic, ending at {@code at}. */
    record Step(String at, double requestsPerSecond, double errorsPerSecond, Double p50Ms, Double p95Ms) {

        public Step {
            requestsPerSecond = Minute.hundredths(requestsPerSecond);
            errorsPerSecond = Minute.hundredths(errorsPerSecond);
            p50Ms = Minute.hundredths(p50Ms);
            p95Ms = Minute.hundredths(p95Ms);
        }
    }

    /** Requests and 5xx answers per second over the last five minutes up to {@code nowEpochSecond}, oldest first. */
    List<Second> lastMinutes(long nowEpochSecond);

    /** Retries made since start. */
    long retries();

    /** Failures that went to the client because the retry budget was spent, since start. */
    long refusedRetries();

    /** The last minute of one backend; all zero for one the proxy does not route to. */
    Minute lastMinute(long backendId);

    /** The last minute of all backends together. */
    Minute lastMinute();

    /** A backend's traffic over the last five minutes, step by step, oldest first. */
    List<Step> recent(long backendId);

    /** How long each step of {@link #recent} is. */
    java.time.Duration step();
}
