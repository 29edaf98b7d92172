package dev.fulcrum.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.db.BackendLimits;
import dev.fulcrum.values.BackendUrls;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a configuration is to become: its settings, the backends it keeps (or stores again) by id, and new backends,
 * which get ids when stored. Made from a document, from the items of revisions (a revert, a restore) or from the
 * command line's URLs; {@link ConfigDiff} says what reaching it takes.
 */
final class Target {

    private SettingsView settings;
    private final SortedMap<Long, BackendItem> backends;
    private final List<BackendItem> added = new ArrayList<>();

    private Target(SettingsView settings, Map<Long, BackendItem> backends) {
        this.settings = settings;
        this.backends = new TreeMap<>(backends);
    }

    /** The configuration as it is: a target that changes nothing, to change from. */
    static Target of(Configuration current) {
        return new Target(current.settings(), current.backends());
    }

    /**
     * A document's configuration, each of its backends matched to a stored one by name, or else by url (a rename):
     * a matched backend keeps its id, and so its health and history; the rest are new.
     */
    static Target matching(Configuration current, ConfigDocument document) {
        Target target = new Target(document.settings(), Map.of());
        Map<String, Long> byName = new java.util.HashMap<>();
        Map<String, Long> byUrl = new java.util.HashMap<>();
        current.backends().forEach((id, item) -> {
            byName.put(item.name(), id);
            byUrl.put(item.url(), id);
        });
        Set<String> names = new HashSet<>();
        document.backends().forEach(item -> names.add(item.name()));
        List<BackendItem> unmatched = new ArrayList<>();
        for (BackendItem item : document.backends()) {
            Long id = byName.get(item.name());
            if (id != null) {
                target.backends.put(id, item);
            } else {
                unmatched.add(item);
            }
        }
        for (BackendItem item : unmatched) {
            Long id = byUrl.get(item.url());
            boolean renamed = id != null && !target.backends.containsKey(id)
                    && !names.contains(current.backends().get(id).name());
            if (renamed) {
                target.backends.put(id, item);
            } else {
                target.added.add(item);
            }
        }
        return target;
    }

    /** Sets an item of a revision: the JSON it stored for it, or null to remove it. */
    void set(String kind, long id, String json, ObjectMapper mapper) {
        try {
            if (SettingsView.KIND.equals(kind)) {
                settings = json == null ? settings : mapper.readValue(json, SettingsView.class);
            } else if (BackendItem.KIND.equals(kind)) {
                if (json == null) {
                    backends.remove(id);
                } else {
                    backends.put(id, mapper.readValue(json, BackendItem.class));
                }
            } else if (!WebhookItem.KIND.equals(kind)) {
                // A webhook is left as it is: the history does not keep its secret (WebhookItem).
                throw new IllegalArgumentException("no such kind of configuration: " + kind);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("revision item " + kind + " " + id + " is not readable", e);
        }
    }

    /**
     * Adds a backend for each URL no backend has yet, named after its host and port, with a {@code -2},
     * {@code -3}, ... suffix where that name is taken: what {@code --backend} and {@code server_db.json} do.
     */
    void addUrls(List<URI> urls) {
        Set<String> urlsTaken = new HashSet<>();
        Set<String> namesTaken = new HashSet<>();
        for (BackendItem item : items()) {
            urlsTaken.add(item.url());
            namesTaken.add(item.name());
        }
        for (URI url : urls) {
            if (urlsTaken.add(url.toString())) {
                String base = BackendUrls.defaultName(url);
                String name = base;
                for (int n = 2; namesTaken.contains(name); n++) {
                    name = BackendLimits.withSuffix(base, "-" + n);
                }
                namesTaken.add(name);
                added.add(BackendItem.ofUrl(name, url));
            }
        }
    }

    SettingsView settings() {
        return settings;
    }

    SortedMap<Long, BackendItem> backends() {
        return backends;
    }

    List<BackendItem> added() {
        return added;
    }

    private List<BackendItem> items() {
        List<BackendItem> items = new ArrayList<>(backends.values());
        items.addAll(added);
        return items;
    }
}
