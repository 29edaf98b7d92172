package dev.fulcrum.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.db.BackendRecord;
import dev.fulcrum.db.ConfigRead;
import dev.fulcrum.db.SettingsRecord;
import dev.fulcrum.db.Touched;
import dev.fulcrum.db.WebhookRecord;
import dev.fulcrum.pool.BalancerSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The whole configuration as stored at one moment: the balancer settings, every backend and every webhook (with its
 * secret, never written out), by id. Two of them, before and after a change, say what the change touched
 * ({@link #touchedTo}), which is what its revision records.
 */
record Configuration(SettingsView settings, SortedMap<Long, BackendItem> backends,
                     SortedMap<Long, WebhookState> webhooks) {

    Configuration {
        backends = Collections.unmodifiableSortedMap(new TreeMap<>(backends));
        webhooks = Collections.unmodifiableSortedMap(new TreeMap<>(webhooks));
    }

    /** What {@code read} sees; settings never stored (a database no server has started on) read as the defaults. */
    static Configuration read(ConfigRead read) {
        return of(read.settings(), read.backends(), read.webhooks());
    }

    static Configuration of(Optional<SettingsRecord> stored, List<BackendRecord> records,
                            List<WebhookRecord> webhookRecords) {
        SettingsView settings = SettingsView.of(stored.map(StoredSettings::parse).orElse(BalancerSettings.DEFAULTS));
        SortedMap<Long, BackendItem> backends = new TreeMap<>();
        for (BackendRecord record : records) {
            backends.put(record.id(), BackendItem.of(record));
        }
        SortedMap<Long, WebhookState> webhooks = new TreeMap<>();
        for (WebhookRecord record : webhookRecords) {
            webhooks.put(record.id(), WebhookState.of(record));
        }
        return new Configuration(settings, backends, webhooks);
    }

    /** Each item that differs between this configuration and {@code after}, with its JSON on both sides. */
    List<Touched> touchedTo(Configuration after, ObjectMapper json) {
        List<Touched> touched = new ArrayList<>();
        if (!settings.equals(after.settings)) {
            touched.add(new Touched(SettingsView.KIND, SettingsView.ID, text(json, settings),
                    text(json, after.settings)));
        }
        SortedMap<Long, BackendItem> ids = new TreeMap<>(backends);
        ids.putAll(after.backends);
        for (Map.Entry<Long, BackendItem> id : ids.entrySet()) {
            BackendItem was = backends.get(id.getKey());
            BackendItem is = after.backends.get(id.getKey());
            if (!Objects.equals(was, is)) {
                touched.add(new Touched(BackendItem.KIND, id.getKey(), text(json, was), text(json, is)));
            }
        }
        SortedMap<Long, WebhookState> webhookIds = new TreeMap<>(webhooks);
        webhookIds.putAll(after.webhooks);
        for (Long id : webhookIds.keySet()) {
            WebhookState was = webhooks.get(id);
            WebhookState is = after.webhooks.get(id);
            if (!Objects.equals(was, is)) {
                touched.add(new Touched(WebhookItem.KIND, id, text(json, WebhookItem.of(was)),
                        text(json, WebhookItem.after(was, is))));
            }
        }
        return touched;
    }

    static String text(ObjectMapper json, Object item) {
        if (item == null) {
            return null;
        }
        try {
            return json.writeValueAsString(item);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + item, e);
        }
    }
}
