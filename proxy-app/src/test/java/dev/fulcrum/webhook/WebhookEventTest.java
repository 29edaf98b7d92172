package dev.fulcrum.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.health.EventState;
import dev.fulcrum.health.HealthEvent;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookEventTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
        "NONE, UNKNOWN, added",
        "NONE, DISABLED, added",
        "UP, REMOVED, removed",
        "DISABLED, REMOVED, removed",
        "UNKNOWN, UP, up",
        "DOWN, UP, up",
        "EJECTED, UP, up",
        "UNKNOWN, DOWN, down",
        "UP, DOWN, down",
        "EJECTED, DOWN, down",
        "UP, EJECTED, ejected",
        "DRAINING, DRAINED, drained",
        // the admin API's own changes are announced once each, as changed, by the admin API
        "UP, DISABLED, ",
        "DISABLED, UNKNOWN, ",
        "DISABLED, DOWN, ",
        "UP, DRAINING, ",
        "DRAINING, UP, ",
        "DRAINED, UP, ",
    })
    void eachStateChangeIsAnnouncedAsOneEventOrNone(EventState from, EventState to, String event) {
        WebhookEvent announced = WebhookEvent.of(new HealthEvent(1, Instant.EPOCH, from, to, "why"));
        assertThat(announced == null ? null : announced.label()).isEqualTo(event);
    }

    @Test
    void subscriptionsAreStoredAsNamesOrAll() {
        assertThat(WebhookEvent.parse(List.of("up", "down"))).containsExactlyInAnyOrder(WebhookEvent.UP,
                WebhookEvent.DOWN);
        assertThat(WebhookEvent.stored(WebhookEvent.parse(List.of("up", "down")))).isEqualTo("down,up");
        assertThat(WebhookEvent.parse(List.of("up", "all"))).isEqualTo(EnumSet.allOf(WebhookEvent.class));
        assertThat(WebhookEvent.stored(EnumSet.allOf(WebhookEvent.class))).isEqualTo("all");
        assertThat(WebhookEvent.parse("down,up")).isEqualTo(WebhookEvent.parse(List.of("down", "up")));
        assertThat(WebhookEvent.shown("down,up")).containsExactly("down", "up");
        assertThat(WebhookEvent.shown("all")).containsExactly("all");
    }

    @Test
    void anUnknownEventIsRefusedByName() {
        assertThatThrownBy(() -> WebhookEvent.parse(List.of("up", "exploded")))
                .hasMessageContaining("unknown event 'exploded'").hasMessageContaining("drained");
        assertThatThrownBy(() -> WebhookEvent.parse(List.of())).hasMessageContaining("at least one event");
    }
}
