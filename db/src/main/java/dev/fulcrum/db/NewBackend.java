package dev.fulcrum.db;

/** What a create inserts; the caller has validated every field. */
public record NewBackend(String name, String url, int weight, boolean enabled) {
}
