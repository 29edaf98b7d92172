package dev.fulcrum.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.db.BackendLimits;
import dev.fulcrum.values.BackendUrls;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a configuration is to become: its settings, the backends and webhooks it keeps (or stores again) by id, and new
 * ones, which get ids when stored; and what its reader should know (a webhook that will be unsigned). Made from a
 * document, from the items of revisions (a revert, a restore) or from the command line's URLs; {@link ConfigDiff} says
 * what reaching it takes.
 */
final class Target {

    private SettingsView settings;
    private final SortedMap<Long, BackendItem> backends;
    private final List<BackendItem> added = new ArrayList<>();
    private final SortedMap<Long, WebhookState> webhooks;
    private final List<WebhookState> addedWebhooks = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private Target(SettingsView settings, Map<Long, BackendItem> backends, Map<Long, WebhookState> webhooks) {
        this.settings = settings;
        this.backends = new TreeMap<>(backends);
        this.webhooks = new TreeMap<>(webhooks);
    }

    /** The configuration as it is: a target that changes nothing, to change from. */
    static Target of(Configuration current) {
        return new Target(current.settings(), current.backends(), current.webhooks());
    }

    /**
     * A document's configuration, each of its backends matched to a stored one by name, or else by url (a rename):
     * a matched backend keeps its id, and so its health and history; the rest are new.
     */
    static Target matching(Configuration current, ConfigDocument document) {
        Target target = new Target(document.settings(), Map.of(),
                document.webhooks() == null ? current.webhooks() : Map.of());
        if (document.webhooks() != null) {
            target.matchWebhooks(current, document.webhooks());
        }
        Map<String, Long> byName = new HashMap<>();
        Map<String, Long> byUrl = new HashMap<>();
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

    /**
     * A document's webhooks, each matched to a stored one by url (several with one url in the order of their ids):
     * a matched webhook keeps its id and, unless the document sets another, its secret; the rest are new, and those
     * without a secret are named in a warning.
     */
    private void matchWebhooks(Configuration current, List<WebhookState> wanted) {
        Map<String, Deque<Long>> byUrl = new HashMap<>();
        current.webhooks().forEach((id, webhook) ->
                byUrl.computeIfAbsent(webhook.url(), url -> new ArrayDeque<>()).add(id));
        for (WebhookState webhook : wanted) {
            Deque<Long> ids = byUrl.get(webhook.url());
            if (ids != null && !ids.isEmpty()) {
                long id = ids.poll();
                webhooks.put(id, webhook.secret() != null ? webhook
                        : webhook.withSecret(current.webhooks().get(id).secret()));
            } else {
                addedWebhooks.add(webhook);
                if (webhook.secret() == null) {
                    warnings.add("webhook " + webhook.url() + " will be created without a secret; its deliveries are "
                            + "unsigned");
                }
            }
        }
    }

    /**
     * Returns webhook {@code id} to {@code wanted}, as a revision recorded it (null removes it), with the secret it
     * has now, or else the one kept when it was removed ({@code removedSecret}, null for none); one that had no secret
     * gets none.
     *
     * @return whether {@code wanted} had a secret but neither is there, so that it will be unsigned
     */
    boolean setWebhook(long id, WebhookItem wanted, String removedSecret) {
        if (wanted == null) {
            webhooks.remove(id);
            return false;
        }
        WebhookState now = webhooks.get(id);
        String secret = !wanted.signed() ? null : now != null ? now.secret() : removedSecret;
        webhooks.put(id, wanted.state(secret));
        return wanted.signed() && secret == null;
    }

    /** Adds what the reader of the change should know. */
    void warn(String warning) {
        warnings.add(warning);
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
            } else {
                // A webhook goes through setWebhook, which finds its secret.
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

    SortedMap<Long, WebhookState> webhooks() {
        return webhooks;
    }

    List<WebhookState> addedWebhooks() {
        return addedWebhooks;
    }

    List<String> warnings() {
        return warnings;
    }

    private List<BackendItem> items() {
        List<BackendItem> items = new ArrayList<>(backends.values());
        items.addAll(added);
        return items;
    }
}
