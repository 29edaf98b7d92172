package dev.fulcrum.db;

import java.time.Instant;

/**
 * One Fulcrum instance sharing the database, one row of {@code instance}, kept current by its heartbeat, with the
 * revision of the configuration it routes by.
 */
public record InstanceRecord(String id, String version, Instant startedAt, Instant heartbeatAt, long revisionApplied) {
}
