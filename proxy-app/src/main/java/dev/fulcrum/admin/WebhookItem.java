package dev.fulcrum.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.db.Touched;
import dev.fulcrum.db.WebhookRecord;
import dev.fulcrum.webhook.WebhookEvent;
import java.util.List;
import java.util.Objects;

/**
 * A webhook as the change history records it. Never its secret: {@code secret} says only whether one is {@code set},
 * or, after a change that put a new one in place of another, {@code replaced}, so that a rotation is a revision too.
 * The history cannot give a secret back, so webhooks are changed only through their own API, never by a revert or a
 * restore.
 */
record WebhookItem(String url, List<String> events, boolean enabled, String secret) {

    static final String KIND = "webhook";

    static WebhookItem of(WebhookRecord record) {
        return new WebhookItem(record.url(), WebhookEvent.shown(record.events()), record.enabled(),
                record.secret() == null ? null : "set");
    }

    /** What a change from {@code before} to {@code after} (either null where the webhook does not exist) touched. */
    static Touched touched(WebhookRecord before, WebhookRecord after, ObjectMapper json) {
        long id = after != null ? after.id() : before.id();
        String was = before == null ? null : text(of(before), json);
        String is = null;
        if (after != null) {
            WebhookItem item = of(after);
            boolean rotated = before != null && before.secret() != null && after.secret() != null
                    && !Objects.equals(before.secret(), after.secret());
            is = text(rotated ? new WebhookItem(item.url(), item.events(), item.enabled(), "replaced") : item, json);
        }
        return new Touched(KIND, id, was, is);
    }

    private static String text(WebhookItem item, ObjectMapper json) {
        try {
            return json.writeValueAsString(item);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook item not writable", e);
        }
    }
}
