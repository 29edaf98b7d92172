package dev.fulcrum.admin;

import dev.fulcrum.webhook.WebhookEvent;
import java.util.List;
import java.util.Objects;

/**
 * A webhook as the change history and a plan show it. Never its secret: {@code secret} says only whether one is
 * {@code set}, or, after a change that put a new one in place of another, {@code replaced}, so that a rotation is a
 * revision too. The history cannot give a secret back: a revert or a restore keeps the secret a webhook has, or the
 * one kept when it was removed ({@code dev.fulcrum.db.ConfigWrite#deleteWebhook}).
 */
record WebhookItem(String url, List<String> events, boolean enabled, String secret) {

    static final String KIND = "webhook";
    static final String SET = "set";
    static final String REPLACED = "replaced";

    /** How {@code state} is shown; null for none. */
    static WebhookItem of(WebhookState state) {
        return state == null ? null : new WebhookItem(state.url(), WebhookEvent.shown(state.events()),
                state.enabled(), state.secret() == null ? null : SET);
    }

    /** How {@code after} is shown after a change from {@code before}: its secret {@code replaced} by another. */
    static WebhookItem after(WebhookState before, WebhookState after) {
        WebhookItem item = of(after);
        boolean rotated = before != null && after != null && before.secret() != null && after.secret() != null
                && !Objects.equals(before.secret(), after.secret());
        return rotated ? new WebhookItem(item.url(), item.events(), item.enabled(), REPLACED) : item;
    }

    /** The state this item shows, with {@code secret} as its secret. */
    WebhookState state(String secretValue) {
        return new WebhookState(url, WebhookEvent.stored(WebhookEvent.parse(events)), enabled, secretValue);
    }

    boolean signed() {
        return secret != null;
    }
}
