package dev.fulcrum.db;

/**
 * One backend as one instance last saw it: its newest probe result and its newest state change there, either null
 * when that instance stored none (yet, or any more after retention).
 */
public record BackendSeenBy(String instanceId, HealthCheckRow lastCheck, HealthEventRow lastEvent) {
}
