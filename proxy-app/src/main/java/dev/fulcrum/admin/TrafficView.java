package dev.fulcrum.admin;

import java.util.List;

/**
 * What the admin API reads from the data path's counters, and nothing more: the composition root implements it over
 * the proxy's traffic counters and retry budget, so the API never holds the proxy's internals.
 */
public interface TrafficView {

    /** One second of client traffic. */
    record Second(long epochSecond, long requests, long errors) {
    }

    /** Requests and 5xx answers per second over the last five minutes up to {@code nowEpochSecond}, oldest first. */
    List<Second> lastMinutes(long nowEpochSecond);

    /** Retries made since start. */
    long retries();

    /** Failures that went to the client because the retry budget was spent, since start. */
    long refusedRetries();
}
