package dev.fulcrum.db;

/**
 * A partial update of a stored backend: each field is kept, set, or (for the health overrides) cleared back to the
 * global default.
 */
public record BackendChanges(Change<String> name, Change<String> url, Change<Integer> weight, Change<Boolean> enabled,
                             Change<Boolean> draining, Change<String> healthPath, Change<String> expectStatus,
                             Change<Integer> checkIntervalMs) {
}
