package dev.fulcrum.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.db.BackendChanges;
import dev.fulcrum.db.BackendRecord;
import dev.fulcrum.db.Change;
import dev.fulcrum.db.NewBackend;
import dev.fulcrum.pool.StatusRange;
import dev.fulcrum.values.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A backend as the configuration document and the change history write it: every stored field in the API's forms
 * ({@code expectStatus} {@code "200-299"}, {@code interval} {@code "5s"}), without its id and times, which a
 * document taken to another database cannot keep. Null health fields mean the global defaults.
 */
public record BackendItem(String name, String url, int weight, boolean enabled, boolean draining, String healthPath,
                          String expectStatus, String interval) {

    static final String KIND = "backend";

    static final List<String> FIELDS = List.of("name", "url", "weight", "enabled", "draining", "healthPath",
            "expectStatus", "interval");

    static BackendItem of(BackendRecord record) {
        return new BackendItem(record.name(), record.url(), record.weight(), record.enabled(), record.draining(),
                record.healthPath(), record.expectStatus(), record.checkIntervalMs() == null ? null
                        : Durations.format(Duration.ofMillis(record.checkIntervalMs())));
    }

    /** A backend added by URL alone, as {@code --backend} and {@code server_db.json} add them. */
    static BackendItem ofUrl(String name, URI url) {
        return new BackendItem(name, url.toString(), 1, true, false, null, null, null);
    }

    NewBackend toNewBackend() {
        return new NewBackend(name, url, weight, enabled, draining, healthPath, expectStatus, intervalMs());
    }

    /** The change that stores exactly this item, every field set or cleared. */
    BackendChanges toChanges() {
        return new BackendChanges(Change.set(name), Change.set(url), Change.set(weight), Change.set(enabled),
                Change.set(draining), Change.setOrClear(healthPath), Change.setOrClear(expectStatus),
                Change.setOrClear(intervalMs()));
    }

    BackendItem withName(String other) {
        return new BackendItem(other, url, weight, enabled, draining, healthPath, expectStatus, interval);
    }

    BackendItem withUrl(String other) {
        return new BackendItem(name, other, weight, enabled, draining, healthPath, expectStatus, interval);
    }

    private Integer intervalMs() {
        return interval == null ? null : (int) Durations.parse(interval).toMillis();
    }

    /**
     * Reads one backend of a document, each field with the API's own rules; every field at fault is reported under
     * {@code pointer}. {@code name} and {@code url} are required, the rest default as a {@code POST} does.
     *
     * @return the item, or null when anything in it was refused
     */
    static BackendItem parse(JsonNode node, String pointer, DocumentProblems problems) {
        if (node == null || !node.isObject()) {
            problems.add(pointer, "a backend must be an object with at least name and url");
            return null;
        }
        int before = problems.size();
        problems.unknownFields(node, FIELDS, pointer);
        String name = problems.required(node, "name", pointer, BackendRequests::name);
        URI url = problems.required(node, "url", pointer, BackendRequests::url);
        Integer weight = problems.optional(node, "weight", pointer, BackendRequests::weight);
        Boolean enabled = problems.optional(node, "enabled", pointer, n -> JsonObjectBody.bool(n, "enabled"));
        Boolean draining = problems.optional(node, "draining", pointer, n -> JsonObjectBody.bool(n, "draining"));
        String healthPath = problems.nullable(node, "healthPath", pointer, BackendRequests::healthPath);
        StatusRange expectStatus = problems.nullable(node, "expectStatus", pointer, BackendRequests::expectStatus);
        Duration interval = problems.nullable(node, "interval", pointer, BackendRequests::interval);
        if (problems.size() > before) {
            return null;
        }
        return new BackendItem(name, url.toString(), weight == null ? 1 : weight, enabled == null || enabled,
                draining != null && draining, healthPath, expectStatus == null ? null : expectStatus.toString(),
                interval == null ? null : Durations.format(interval));
    }
}
