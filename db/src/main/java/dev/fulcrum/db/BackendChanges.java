package dev.fulcrum.db;

import java.util.Optional;

/** A partial update: an empty Optional means the field is left as stored. */
public record BackendChanges(Optional<String> name, Optional<String> url, Optional<Integer> weight,
                             Optional<Boolean> enabled) {

    public static BackendChanges none() {
        return new BackendChanges(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean isEmpty() {
        return name.isEmpty() && url.isEmpty() && weight.isEmpty() && enabled.isEmpty();
    }
}
