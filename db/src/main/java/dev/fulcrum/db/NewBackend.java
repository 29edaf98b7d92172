package dev.fulcrum.db;

/** What a create inserts; the caller has validated every field. Null health fields mean the global defaults. */
public record NewBackend(String name, String url, int weight, boolean enabled, boolean draining, String healthPath,
                         String expectStatus, Integer checkIntervalMs) {

    public NewBackend(String name, String url, int weight, boolean enabled, String healthPath, String expectStatus,
                      Integer checkIntervalMs) {
        this(name, url, weight, enabled, false, healthPath, expectStatus, checkIntervalMs);
    }

    public NewBackend(String name, String url, int weight, boolean enabled) {
        this(name, url, weight, enabled, null, null, null);
    }
}
