package dev.fulcrum.admin;

import dev.fulcrum.db.Change;
import dev.fulcrum.db.NewWebhook;
import dev.fulcrum.db.WebhookChanges;
import dev.fulcrum.db.WebhookRecord;
import dev.fulcrum.webhook.WebhookEvent;

/**
 * A webhook as the configuration holds it, secret included: what a change compares before and after, and what a
 * document, a revert or a restore makes a webhook become. {@code events} is in its stored form ({@code all}, or the
 * names in order), so that two states meaning the same are equal. It is never written out: a revision or a plan shows
 * it as a {@link WebhookItem}, a document as a {@link WebhookEntry}; its {@code toString} leaves the secret out.
 */
record WebhookState(String url, String events, boolean enabled, String secret) {

    static WebhookState of(WebhookRecord record) {
        return new WebhookState(record.url(), record.events(), record.enabled(), record.secret());
    }

    WebhookState withSecret(String other) {
        return new WebhookState(url, events, enabled, other);
    }

    WebhookEntry entry() {
        return new WebhookEntry(url, WebhookEvent.shown(events), enabled);
    }

    NewWebhook toNewWebhook() {
        return new NewWebhook(url, events, secret, enabled);
    }

    WebhookChanges toChanges() {
        return new WebhookChanges(Change.set(url), Change.set(events), Change.setOrClear(secret), Change.set(enabled));
    }

    @Override
    public String toString() {
        return "webhook " + url + " (" + events + (enabled ? "" : ", disabled") + (secret == null ? "" : ", signed")
                + ")";
    }
}
