package dev.fulcrum.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.db.Author;
import dev.fulcrum.db.ConfigRead;
import dev.fulcrum.db.ConfigStore;
import dev.fulcrum.db.Revision;
import dev.fulcrum.db.Touched;
import dev.fulcrum.pool.BackendPool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The whole configuration at once: exported as a document, planned, applied atomically; and the change history:
 * read, a revision reverted or the configuration restored to right after one. Each change is one revision made by
 * the {@link ConfigWriter}, its target worked out inside its transaction, under the lock every change takes, so that
 * nothing another change commits meanwhile is overlooked.
 */
public final class ConfigService {

    /** What a change worked out and did inside its transaction. */
    private record Applied(ConfigDiff diff, List<String> warnings, long base) {
    }

    private final ConfigStore store;
    private final ConfigWriter writer;
    private final BackendPool pool;
    private final ObjectMapper json;

    public ConfigService(ConfigStore store, ConfigWriter writer, BackendPool pool) {
        this.store = store;
        this.writer = writer;
        this.pool = pool;
        this.json = writer.json();
    }

    /** The configuration as one document, with the revision it reflects. */
    ConfigDocument.Rendered export() {
        ConfigStore.Versioned<Configuration> current = store.read(Configuration::read);
        return ConfigDocument.render(current.revision(), current.value());
    }

    /** What applying {@code document} would change, and what to look at twice; changes nothing. */
    ConfigPlan plan(ConfigDocument document) {
        ConfigStore.Versioned<Configuration> current = store.read(Configuration::read);
        Target target = Target.matching(current.value(), document);
        ConfigDiff diff = ConfigDiff.between(current.value(), target);
        return diff.plan(current.revision(), warnings(current.value(), diff, target, live()), json);
    }

    /** Makes the configuration what {@code document} says, as one revision; on condition of {@code expected}. */
    ConfigPlan apply(Author author, Long expected, ConfigDocument document) {
        return change(author, expected, new ConfigWriter.Description("config.apply", "applied a document: ", null),
                (read, current) -> Target.matching(current, document));
    }

    /**
     * Applies the inverse of revision {@code number} as a new revision: each item it touched back to how it found
     * it. Refused (409) when a later revision touched one of them too, unless {@code force}, which sets them back
     * all the same. A webhook keeps the secret it has, or gets back the one kept when it was removed; where the
     * revision replaced or cleared the secret, the earlier one is not kept, so the revert is refused (409) unless
     * {@code force}, which keeps the secret the webhook has (none if it has none), and says so in a warning.
     */
    ConfigPlan revert(Author author, long number, boolean force) {
        return change(author, null, new ConfigWriter.Description("config.revert",
                "reverted revision " + number + ": ", number), (read, current) -> {
                    Revision revision = read.revision(number).orElseThrow(() -> noRevision(number));
                    if (!force) {
                        refuseConflicts(revision, read.touchedAfter(number));
                    }
                    Target target = Target.of(current);
                    for (Touched item : revision.touched()) {
                        if (WebhookItem.KIND.equals(item.kind())) {
                            revertWebhook(read, target, number, item, force);
                        } else {
                            target.set(item.kind(), item.id(), item.before(), json);
                        }
                    }
                    return target;
                });
    }

    /**
     * Returns the whole configuration to how it was right after revision {@code number}, as one new revision. A
     * webhook keeps the secret it has, or gets back the one kept when it was removed; one that had a secret then and
     * can get none back is unsigned, and a warning says so.
     */
    ConfigPlan restore(Author author, long number) {
        return change(author, null, new ConfigWriter.Description("config.restore",
                "restored revision " + number + ": ", number), (read, current) -> {
                    read.revision(number).orElseThrow(() -> noRevision(number));
                    Target target = Target.of(current);
                    Set<String> seen = new HashSet<>();
                    for (ConfigStore.RevisionItem later : read.touchedAfter(number)) {
                        Touched item = later.touched();
                        if (!seen.add(item.kind() + "/" + item.id())) {
                            continue;
                        }
                        if (WebhookItem.KIND.equals(item.kind())) {
                            if (returnWebhook(read, target, item)) {
                                target.warn(webhook(item) + " is unsigned from now on: the secret it had right after "
                                        + "revision " + number + " is not kept; set one at /api/webhooks/"
                                        + item.id());
                            }
                        } else {
                            target.set(item.kind(), item.id(), item.before(), json);
                        }
                    }
                    return target;
                });
    }

    /**
     * Applies what the command line imports, as one revision by {@code startup} (logged as every revision is);
     * nothing when it changes nothing.
     */
    public void importAtStart(StartupImport imported) {
        if (imported.isEmpty()) {
            return;
        }
        change(Author.startup(), null, new ConfigWriter.Description("config.import",
                "imported " + imported.source() + ": ", null), (read, current) -> {
                    Target target = imported.document() == null ? Target.of(current)
                            : Target.matching(current, imported.document());
                    target.addUrls(imported.urls());
                    return target;
                });
    }

    /** Prunes every revision past its time; at start. */
    public void pruneRevisions() {
        writer.prune(Integer.MAX_VALUE);
    }

    private ConfigPlan change(Author author, Long expected, ConfigWriter.Description description,
                              BiFunction<ConfigRead, Configuration, Target> target) {
        Map<Long, PlanWarnings.Live> live = live();
        ConfigWriter.Written<Applied> written = writer.write(author, expected, description, (change, current) -> {
            Target next = target.apply(change, current);
            ConfigDiff diff = ConfigDiff.between(current, next);
            diff.applyTo(change);
            return new Applied(diff, warnings(current, diff, next, live), change.revision());
        });
        if (written.revision() == null) {
            return written.value().diff().plan(written.value().base(), written.value().warnings(), json);
        }
        List<ItemChange> added = new ArrayList<>();
        List<ItemChange> changed = new ArrayList<>();
        List<ItemChange> removed = new ArrayList<>();
        for (ItemChange item : writer.changes(written.revision().touched())) {
            (item.before() == null ? added : item.after() == null ? removed : changed).add(item);
        }
        return new ConfigPlan(written.revision().number(), added, changed, removed, written.value().warnings());
    }

    private static List<String> warnings(Configuration current, ConfigDiff diff, Target target,
                                         Map<Long, PlanWarnings.Live> live) {
        List<String> warnings = new ArrayList<>(PlanWarnings.of(current, diff, live));
        warnings.addAll(target.warnings());
        return warnings;
    }

    /** Sets webhook {@code item} back to how revision {@code number} found it, refusing to lose its secret. */
    private void revertWebhook(ConfigRead read, Target target, long number, Touched item, boolean force) {
        WebhookItem after = webhookItem(item.after());
        boolean replaced = item.before() != null && after != null && WebhookItem.REPLACED.equals(after.secret());
        if (replaced && !force) {
            throw new ApiError(409, "revision " + number + " replaced the secret of " + webhook(item) + ", and the "
                    + "secret it replaced is not kept, so a revert cannot bring it back; add ?force=true to revert "
                    + "its other fields and keep its current secret", null);
        }
        boolean unsigned = returnWebhook(read, target, item);
        if (unsigned && !force) {
            throw new ApiError(409, "the secret " + webhook(item) + " had before revision " + number + " is not "
                    + "kept, so a revert would leave it unsigned; add ?force=true to revert it all the same, "
                    + "unsigned", null);
        }
        if (unsigned) {
            target.warn(webhook(item) + " is unsigned from now on: the secret it had before revision " + number
                    + " is not kept; set one at /api/webhooks/" + item.id());
        } else if (replaced) {
            target.warn(webhook(item) + " keeps its current secret: the one revision " + number + " replaced is not "
                    + "kept");
        }
    }

    /** Sets webhook {@code item} back to its {@code before}; whether it had a secret then and can get none back. */
    private boolean returnWebhook(ConfigRead read, Target target, Touched item) {
        WebhookItem before = webhookItem(item.before());
        return target.setWebhook(item.id(), before,
                before == null ? null : read.removedWebhookSecret(item.id()).orElse(null));
    }

    private WebhookItem webhookItem(String text) {
        try {
            return text == null ? null : json.readValue(text, WebhookItem.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("revision item webhook is not readable", e);
        }
    }

    /** {@code webhook URL (ID)}, as a refusal or a warning names it. */
    private String webhook(Touched item) {
        WebhookItem named = webhookItem(item.before() != null ? item.before() : item.after());
        return "webhook " + named.url() + " (" + item.id() + ")";
    }

    /** Why revision {@code revision} cannot be reverted alone: the later revisions that touched its items too. */
    private void refuseConflicts(Revision revision, List<ConfigStore.RevisionItem> later) {
        Map<String, String> labels = new HashMap<>();
        for (ItemChange item : writer.changes(revision.touched())) {
            labels.put(item.kind() + "/" + item.id(), item.label());
        }
        Map<String, List<Long>> conflicts = new LinkedHashMap<>();
        for (ConfigStore.RevisionItem item : later) {
            String key = item.touched().kind() + "/" + item.touched().id();
            if (labels.containsKey(key)) {
                conflicts.computeIfAbsent(labels.get(key), k -> new ArrayList<>()).add(item.revision());
            }
        }
        if (!conflicts.isEmpty()) {
            List<String> parts = new ArrayList<>();
            conflicts.forEach((label, numbers) -> parts.add(label + " in revision" + (numbers.size() > 1 ? "s " : " ")
                    + String.join(", ", numbers.stream().map(String::valueOf).toList())));
            throw new ApiError(409, "revision " + revision.number() + " cannot be reverted alone: later revisions "
                    + "changed the same things (" + String.join("; ", parts) + "); revert those first, restore an "
                    + "earlier revision, or add ?force=true to set them back to how revision " + revision.number()
                    + " found them", null);
        }
    }

    /** The live health and last minute's traffic of each backend, for the warnings. */
    private Map<Long, PlanWarnings.Live> live() {
        Map<Long, PlanWarnings.Live> live = new HashMap<>();
        pool.backends().forEach(b -> live.put(b.id(), new PlanWarnings.Live(pool.health(b.id()).state(),
                pool.load(b.id()).lastMinute())));
        return live;
    }

    static ApiError noRevision(Object number) {
        return new ApiError(404, "no revision " + number, "revision");
    }
}
