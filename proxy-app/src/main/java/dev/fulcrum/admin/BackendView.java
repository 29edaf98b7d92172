package dev.fulcrum.admin;

import dev.fulcrum.values.Durations;
import dev.fulcrum.db.BackendRecord;
import dev.fulcrum.pool.BackendHealth;
import dev.fulcrum.pool.BackendLoad;
import dev.fulcrum.pool.BackendPool;

/**
 * A backend as the admin API shows it: what is stored, joined with the live state the health checker holds in
 * memory and the live traffic the data path counts ({@code inFlight}, {@code requestsLastMinute}: requests sent to it,
 * retries included; {@code lastMinute}: the client requests it answered, by status class, with their latency). Times
 * are ISO-8601 strings; {@code lastCheck} and {@code latencyMs} are null before the first check; the health overrides
 * are null where the global default applies. {@code tls} says whether an {@code https://} backend's certificate is checked:
 * {@value #TLS_VERIFIED}, or {@value #TLS_UNVERIFIED} under {@code --backend-tls-insecure}; null for {@code http://}.
 */
public record BackendView(long id, String name, String url, int weight, boolean enabled, boolean draining,
                          String healthPath, String expectStatus, String interval, String health, boolean routable,
                          String lastCheck, Long latencyMs, String lastError, int inFlight, long requestsLastMinute,
                          TrafficView.Minute lastMinute, String tls, String createdAt, String updatedAt) {

    static final String TLS_VERIFIED = "verified";
    static final String TLS_UNVERIFIED = "unverified";

    static BackendView of(BackendRecord record, BackendHealth live, BackendLoad load, TrafficView.Minute lastMinute,
                          boolean tlsUnverified) {
        boolean routable = BackendPool.routable(record.enabled(), record.draining(), record.weight(), live.state());
        return new BackendView(record.id(), record.name(), record.url(), record.weight(), record.enabled(),
                record.draining(), record.healthPath(), record.expectStatus(), record.checkIntervalMs() == null ? null
                        : Durations.format(java.time.Duration.ofMillis(record.checkIntervalMs())),
                live.state().label(), routable,
                live.lastCheck() == null ? null : live.lastCheck().toString(),
                live.latencyMillis() < 0 ? null : live.latencyMillis(), live.lastError(), load.inFlight(),
                load.lastMinute(), lastMinute, !record.url().startsWith("https:") ? null : tlsUnverified ? TLS_UNVERIFIED
                        : TLS_VERIFIED, record.createdAt().toString(), record.updatedAt().toString());
    }
}
