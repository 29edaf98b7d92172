/**
 * Metrics for Prometheus: {@link dev.fulcrum.metrics.PrometheusMetrics}, Micrometer's Prometheus registry with the
 * JVM, process and Jetty thread-pool binders and the counters each part exposes; {@link
 * dev.fulcrum.metrics.BackendMetrics}, every backend's meters, made when the pool learns of it and hung on its load, so
 * the data path records with no lookup, and sampled for the admin API's last minute. Depends on {@code pool},
 * {@code health} (what the checker reports), {@code time} and Micrometer; only the composition root knows it.
 */
package dev.fulcrum.metrics;
