package dev.fulcrum.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.db.BackendChanges;
import dev.fulcrum.db.Change;
import dev.fulcrum.db.ConfigWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What reaching a {@link Target} from a {@link Configuration} takes, item by item: the plan that
 * {@code POST /api/config/plan} shows, and the steps that apply, revert and restore carry out in one transaction.
 */
final class ConfigDiff {

    /** One backend step: {@code before} null adds it (under {@code id} if not null), {@code after} null removes it. */
    record Step(Long id, BackendItem before, BackendItem after) {

        boolean moves() {
            return before != null && after != null
                    && (!before.name().equals(after.name()) || !before.url().equals(after.url()));
        }
    }

    /**
     * One webhook step: {@code before} null adds it (under {@code id}, its tombstone's, if not null), {@code after}
     * null removes it.
     */
    record WebhookStep(Long id, WebhookState before, WebhookState after) {
    }

    private final SettingsView settingsBefore;
    private final SettingsView settingsAfter;
    private final List<Step> steps;
    private final List<WebhookStep> webhookSteps;

    private ConfigDiff(SettingsView settingsBefore, SettingsView settingsAfter, List<Step> steps,
                       List<WebhookStep> webhookSteps) {
        this.settingsBefore = settingsBefore;
        this.settingsAfter = settingsAfter;
        this.steps = List.copyOf(steps);
        this.webhookSteps = List.copyOf(webhookSteps);
    }

    static ConfigDiff between(Configuration current, Target target) {
        List<Step> steps = new ArrayList<>();
        for (Map.Entry<Long, BackendItem> stored : current.backends().entrySet()) {
            BackendItem next = target.backends().get(stored.getKey());
            if (next == null) {
                steps.add(new Step(stored.getKey(), stored.getValue(), null));
            } else if (!next.equals(stored.getValue())) {
                steps.add(new Step(stored.getKey(), stored.getValue(), next));
            }
        }
        for (Map.Entry<Long, BackendItem> kept : target.backends().entrySet()) {
            if (!current.backends().containsKey(kept.getKey())) {
                steps.add(new Step(kept.getKey(), null, kept.getValue()));
            }
        }
        for (BackendItem added : target.added()) {
            steps.add(new Step(null, null, added));
        }
        return new ConfigDiff(current.settings(), target.settings(), steps, webhookSteps(current, target));
    }

    private static List<WebhookStep> webhookSteps(Configuration current, Target target) {
        List<WebhookStep> steps = new ArrayList<>();
        for (Map.Entry<Long, WebhookState> stored : current.webhooks().entrySet()) {
            WebhookState next = target.webhooks().get(stored.getKey());
            if (!stored.getValue().equals(next)) {
                steps.add(new WebhookStep(stored.getKey(), stored.getValue(), next));
            }
        }
        for (Map.Entry<Long, WebhookState> kept : target.webhooks().entrySet()) {
            if (!current.webhooks().containsKey(kept.getKey())) {
                steps.add(new WebhookStep(kept.getKey(), null, kept.getValue()));
            }
        }
        for (WebhookState added : target.addedWebhooks()) {
            steps.add(new WebhookStep(null, null, added));
        }
        return steps;
    }

    /** Whether this leaves the backends and settings, and so routing, as they are. */
    boolean leavesRouting() {
        return steps.isEmpty() && settingsBefore.equals(settingsAfter);
    }

    List<Step> steps() {
        return steps;
    }

    /** The plan, as the API shows it. */
    ConfigPlan plan(long revision, List<String> warnings, ObjectMapper json) {
        List<ItemChange> added = new ArrayList<>();
        List<ItemChange> changed = new ArrayList<>();
        List<ItemChange> removed = new ArrayList<>();
        if (!settingsBefore.equals(settingsAfter)) {
            changed.add(ItemChange.of(SettingsView.KIND, SettingsView.ID, tree(json, settingsBefore),
                    tree(json, settingsAfter)));
        }
        for (Step step : steps) {
            ItemChange change = ItemChange.of(BackendItem.KIND, step.id(), tree(json, step.before()),
                    tree(json, step.after()));
            (step.before() == null ? added : step.after() == null ? removed : changed).add(change);
        }
        for (WebhookStep step : webhookSteps) {
            ItemChange change = ItemChange.of(WebhookItem.KIND, step.id(), tree(json, WebhookItem.of(step.before())),
                    tree(json, WebhookItem.after(step.before(), step.after())));
            (step.before() == null ? added : step.after() == null ? removed : changed).add(change);
        }
        return new ConfigPlan(revision, added, changed, removed, warnings);
    }

    /**
     * Carries the steps out in {@code write}'s transaction: removals first, so that their names and urls are free;
     * then changes, those that take another backend's name or url parked under a free one first, so that two
     * backends may swap; then additions; then the settings; then the webhooks (whose urls need not be distinct): a
     * removed one keeps its secret in a tombstone, one brought back under its id takes its tombstone's place.
     */
    void applyTo(ConfigWrite write) {
        for (Step step : steps) {
            if (step.after() == null) {
                write.deleteBackend(step.id());
            }
        }
        for (Step step : steps) {
            if (step.moves()) {
                write.updateBackend(step.id(), park(step.id()));
            }
        }
        for (Step step : steps) {
            if (step.before() != null && step.after() != null) {
                write.updateBackend(step.id(), step.after().toChanges());
            }
        }
        for (Step step : steps) {
            if (step.before() == null) {
                if (step.id() == null) {
                    write.createBackend(step.after().toNewBackend());
                } else {
                    write.restoreBackend(step.id(), step.after().toNewBackend());
                }
            }
        }
        if (!Objects.equals(settingsBefore, settingsAfter)) {
            write.storeSettings(StoredSettings.record(settingsAfter.settings()));
        }
        for (WebhookStep step : webhookSteps) {
            if (step.after() == null) {
                write.deleteWebhook(step.id());
            } else if (step.before() != null) {
                write.updateWebhook(step.id(), step.after().toChanges());
            } else if (step.id() == null) {
                write.createWebhook(step.after().toNewWebhook());
            } else {
                write.restoreWebhook(step.id(), step.after().toNewWebhook());
            }
        }
    }

    /** A name and url no backend can have (neither is valid input), held only inside the transaction. */
    private static BackendChanges park(long id) {
        return new BackendChanges(Change.set("~" + id), Change.set("parked:" + id), Change.keep(), Change.keep(),
                Change.keep(), Change.keep(), Change.keep(), Change.keep());
    }

    private static JsonNode tree(ObjectMapper json, Object item) {
        return item == null ? null : json.valueToTree(item);
    }
}
