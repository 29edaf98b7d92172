package dev.fulcrum.health;

import dev.fulcrum.pool.Backend;
import java.util.concurrent.CompletableFuture;

/**
 * Probes one backend once. Must not block the caller: the checker probes every backend concurrently and one slow
 * backend must never delay the others.
 */
public interface HealthProbe {

    CompletableFuture<ProbeResult> probe(Backend backend);
}
