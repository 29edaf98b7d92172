package dev.fulcrum.db;

import java.util.Optional;

/**
 * A partial update: an empty Optional means the field is left as stored. The health overrides can also be cleared,
 * so for them an outer Optional holding an empty one means "set back to the global default".
 */
public record BackendChanges(Optional<String> name, Optional<String> url, Optional<Integer> weight,
                             Optional<Boolean> enabled, Optional<Optional<String>> healthPath,
                             Optional<Optional<String>> expectStatus, Optional<Optional<Integer>> checkIntervalMs) {

    public BackendChanges(Optional<String> name, Optional<String> url, Optional<Integer> weight,
                          Optional<Boolean> enabled) {
        this(name, url, weight, enabled, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static BackendChanges none() {
        return new BackendChanges(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean isEmpty() {
        return name.isEmpty() && url.isEmpty() && weight.isEmpty() && enabled.isEmpty() && healthPath.isEmpty()
                && expectStatus.isEmpty() && checkIntervalMs.isEmpty();
    }
}
