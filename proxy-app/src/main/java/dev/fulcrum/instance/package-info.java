/**
 * This instance among the several that may share one PostgreSQL: its heartbeat row ({@link
 * dev.fulcrum.instance.Heartbeat}, on a thread of its own, never the health checker's, with the revision it routes by),
 * which instances are live ({@link dev.fulcrum.instance.LiveInstances}) and which are behind the configuration's
 * changes ({@link dev.fulcrum.instance.Lag}). Depends on {@code db}, {@code time} and {@code logging}.
 */
package dev.fulcrum.instance;
