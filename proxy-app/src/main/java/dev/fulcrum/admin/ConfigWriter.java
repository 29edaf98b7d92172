package dev.fulcrum.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.db.Author;
import dev.fulcrum.db.BackendRecord;
import dev.fulcrum.db.ConfigStore;
import dev.fulcrum.db.ConfigWrite;
import dev.fulcrum.db.DatabaseUnavailableException;
import dev.fulcrum.db.Revision;
import dev.fulcrum.db.SettingsRecord;
import dev.fulcrum.db.Touched;
import dev.fulcrum.health.HealthChecker;
import dev.fulcrum.health.HealthHistory;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.time.TimeSource;
import dev.fulcrum.webhook.BackendNotices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the configuration changes, for every write path (a backend's {@code POST}, {@code PATCH},
 * {@code DELETE}, the settings' {@code PATCH}, a webhook's, an applied document, a revert, a restore, an import at start):
 *
 * <ol>
 *   <li>in one transaction, which first takes the lock every change takes: reads the configuration, does the work,
 *       reads it again, and stores what differs as the change's revision, with its author;</li>
 *   <li>once that is on stable storage, routes by it at once (the whole stored configuration, so routing is what is
 *       stored), has webhooks delivered by it if it changed them, probes what needs a probe and records the state
 *       changes;</li>
 *   <li>logs the revision in one line, by the token's name (never the token), and prunes revisions past
 *       {@code --keep-revisions}, the latest {@value #KEEP_LATEST} always kept.</li>
 * </ol>
 *
 * A change that fails stores nothing, neither its writes nor a revision, and routing is left as it was
 * ({@link BackendReload}); one that touches nothing stores no revision. The backends, settings and webhooks a change
 * touched are found by comparing the configuration before and after; another kind of item may be recorded by its
 * work with {@link ConfigWrite#touched}, and is in the summary and the revision all the same.
 */
public final class ConfigWriter {

    static final int KEEP_LATEST = 1000;
    private static final int PRUNE_CHUNK = 1000;
    private static final int MAX_SUMMARY = 500;
    private static final Logger log = LoggerFactory.getLogger(ConfigWriter.class);

    /** The change's work, given its transaction and the configuration as the transaction found it. */
    interface Work<T> {
        T apply(ConfigWrite write, Configuration before);
    }

    /** What a change returned, the revision it stored (null when it touched nothing), and the configuration after. */
    record Written<T>(T value, Revision revision, Configuration after) {
    }

    /** How a change is recorded: its action, the words its summary starts with, the revision it went back to. */
    record Description(String action, String prefix, Long sourceRevision) {

        static Description of(String action) {
            return new Description(action, "", null);
        }
    }

    private record Outcome<T>(T value, Configuration before, Configuration after, List<BackendRecord> backends,
                              Optional<SettingsRecord> settings) {
    }

    private final ConfigStore store;
    private final BackendReload reload;
    private final BackendEvents events;
    private final Runnable webhooksChanged;
    private final TimeSource time;
    private final Duration keepRevisions;
    private final ObjectMapper json;

    /**
     * @param history where the state changes a change makes go ({@code added}, {@code removed}, ...)
     * @param notices where each change of a backend's settings is announced, once committed and applied
     * @param webhooksChanged told once a change to webhooks is committed, before the backend events it makes, so
     *                        that deliveries (those events' included) go by the stored webhooks
     * @param keepRevisions how long revisions are kept ({@code --keep-revisions})
     */
    public ConfigWriter(ConfigStore store, BackendReload reload, BackendPool pool, HealthChecker checker,
                        HealthHistory history, BackendNotices notices, Runnable webhooksChanged, TimeSource time,
                        Duration keepRevisions) {
        this.store = store;
        this.webhooksChanged = webhooksChanged;
        this.reload = reload;
        this.events = new BackendEvents(pool, checker, history, notices, time);
        this.time = time;
        this.keepRevisions = keepRevisions;
        this.json = new ObjectMapper();
    }

    /** The mapper items are written and read with. */
    ObjectMapper json() {
        return json;
    }

    /**
     * Runs one change as the steps above say.
     *
     * @param expected the revision the change is made on condition of ({@code If-Match}), or null for none
     */
    <T> Written<T> write(Author author, Long expected, Description description, Work<T> work) {
        BackendEvents.Before statesBefore = events.states();
        ConfigStore.Written<Outcome<T>> stored = reload.commitThenApply(() -> {
            ConfigStore.Written<Outcome<T>> written = store.write(author, expected, change -> {
                Configuration before = Configuration.read(change);
                T value = work.apply(change, before);
                List<BackendRecord> backends = change.backends();
                Optional<SettingsRecord> settings = change.settings();
                Configuration after = Configuration.of(settings, backends, change.webhooks());
                before.touchedTo(after, json).forEach(change::touched);
                change.describe(description.action(), summary(description.prefix(), change.touched()),
                        description.sourceRevision());
                return new Outcome<>(value, before, after, backends, settings);
            });
            if (written.revision() != null) {
                reload.apply(written.revision().number(), written.value().settings(), written.value().backends());
            }
            return written;
        });
        Outcome<T> outcome = stored.value();
        Revision revision = stored.revision();
        if (revision != null) {
            if (!outcome.before().webhooks().equals(outcome.after().webhooks())) {
                webhooksChanged.run();
            }
            events.changed(statesBefore, outcome.before(), outcome.after());
            log.info("revision {} by {}{}: {}", revision.number(), revision.author(),
                    revision.client() == null ? "" : " from " + revision.client(), revision.summary());
            prune(1);
        }
        return new Written<>(outcome.value(), revision, outcome.after());
    }

    /**
     * Refuses the change (412 or 409, {@link ItemCondition}) when the item it is about changed since the client read
     * it or in a revision this instance has not applied; call it from a change's work, in its transaction.
     *
     * @return the item's version (the latest revision that touched it) as the change found it
     */
    long requireCurrent(ConfigWrite change, String kind, long id, String what, Long ifMatch) {
        long lastTouching = change.lastTouching(kind, id);
        ItemCondition.check(what, ifMatch, lastTouching, reload.applied());
        return lastTouching;
    }

    /** Removes revisions past their time, up to {@code chunks} thousand of them; a failure waits for the next. */
    void prune(int chunks) {
        try {
            for (int i = 0; i < chunks; i++) {
                if (store.prune(time.now().minus(keepRevisions), KEEP_LATEST, PRUNE_CHUNK) < PRUNE_CHUNK) {
                    return;
                }
            }
        } catch (DatabaseUnavailableException e) {
            log.debug("revisions not pruned: {}", e.getMessage());
        }
    }

    /** The items of a revision as the API shows them. */
    List<ItemChange> changes(List<Touched> touched) {
        List<ItemChange> changes = new ArrayList<>(touched.size());
        for (Touched item : touched) {
            try {
                changes.add(ItemChange.of(item.kind(), item.id(),
                        item.before() == null ? null : json.readTree(item.before()),
                        item.after() == null ? null : json.readTree(item.after())));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("revision item " + item.kind() + " " + item.id() + " unreadable", e);
            }
        }
        return changes;
    }

    private String summary(String prefix, List<Touched> touched) {
        List<String> parts = new ArrayList<>(touched.size());
        for (ItemChange change : changes(touched)) {
            parts.add(change.describe());
        }
        String summary = prefix + String.join("; ", parts);
        return summary.length() <= MAX_SUMMARY ? summary : summary.substring(0, MAX_SUMMARY - 3) + "...";
    }
}
