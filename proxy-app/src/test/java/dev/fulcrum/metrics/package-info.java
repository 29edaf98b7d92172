/**
 * The metrics: the bucket and window arithmetic as tables of cases, each backend's meters against a real registry
 * and pool, and the scrape end to end (see {@code server.MetricsEndpointTest}).
 */
package dev.fulcrum.metrics;
