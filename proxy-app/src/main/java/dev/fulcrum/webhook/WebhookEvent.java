package dev.fulcrum.webhook;

import dev.fulcrum.health.EventState;
import dev.fulcrum.health.HealthEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a webhook can be told about a backend: its health ({@code down}, {@code up}, {@code ejected}), the end of a
 * drain ({@code drained}), and the admin API's changes ({@code added}, {@code removed}, {@code changed}). A webhook
 * subscribes to some of them, or to {@value #ALL}.
 */
public enum WebhookEvent {
    DOWN, UP, EJECTED, DRAINED, ADDED, REMOVED, CHANGED;

    /** The subscription to every event. */
    public static final String ALL = "all";

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The event a state change is announced as, or null when it is none of a webhook's business: changes the admin
     * API makes besides adding and removing (disabling, draining) are announced as {@link #CHANGED} by the admin API
     * itself, once per change.
     */
    public static WebhookEvent of(HealthEvent event) {
        EventState from = event.from();
        EventState to = event.to();
        if (from == EventState.NONE) {
            return ADDED;
        }
        if (to == EventState.REMOVED) {
            return REMOVED;
        }
        if (to == EventState.DRAINED) {
            return DRAINED;
        }
        boolean health = from == EventState.UNKNOWN || from == EventState.UP || from == EventState.DOWN
                || from == EventState.EJECTED;
        if (!health) {
            return null;
        }
        return switch (to) {
            case UP -> UP;
            case DOWN -> DOWN;
            case EJECTED -> EJECTED;
            default -> null;
        };
    }

    /**
     * The events a stored subscription names: {@value #ALL}, or names separated by commas.
     *
     * @throws IllegalArgumentException naming the first unknown event
     */
    public static Set<WebhookEvent> parse(String stored) {
        return parse(Arrays.asList(stored.split(",")));
    }

    /**
     * The events a list of names subscribes to; {@value #ALL} anywhere in it means all of them.
     *
     * @throws IllegalArgumentException naming the first unknown event, or for an empty list
     */
    public static Set<WebhookEvent> parse(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("events must name at least one event, or \"all\"");
        }
        EnumSet<WebhookEvent> events = EnumSet.noneOf(WebhookEvent.class);
        for (String name : names) {
            String trimmed = name.trim();
            if (trimmed.equals(ALL)) {
                return EnumSet.allOf(WebhookEvent.class);
            }
            events.add(Arrays.stream(values()).filter(e -> e.label().equals(trimmed)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown event '" + trimmed + "'; events are "
                            + labels() + " or \"" + ALL + "\"")));
        }
        return events;
    }

    /** A subscription as it is stored: {@value #ALL}, or the names in this enum's order. */
    public static String stored(Set<WebhookEvent> events) {
        if (events.containsAll(EnumSet.allOf(WebhookEvent.class))) {
            return ALL;
        }
        return events.stream().sorted().map(WebhookEvent::label).collect(Collectors.joining(","));
    }

    /** A stored subscription as the API shows it: {@code ["all"]} or the names. */
    public static List<String> shown(String stored) {
        return stored.equals(ALL) ? List.of(ALL) : new ArrayList<>(Arrays.asList(stored.split(",")));
    }

    static List<String> labels() {
        return Arrays.stream(values()).map(WebhookEvent::label).toList();
    }
}
