package dev.fulcrum.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.pool.Algorithm;
import dev.fulcrum.pool.BalancerSettings;
import dev.fulcrum.pool.HashOn;
import dev.fulcrum.values.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The balancer's settings as the admin API shows and takes them: the algorithm's label, {@code hashOn} as written
 * ({@code header:X-User-Id}), the sticky cookie's name, and slow start as a duration ({@code 30s}); null for what is
 * off or unset.
 */
public record SettingsView(String algorithm, String hashOn, String stickyCookie, String slowStart) {

    static final String KIND = "settings";

    /** The settings' id in the change history: there is one row of them. */
    static final long ID = 1;

    static final List<String> FIELDS = List.of("algorithm", "hashOn", "stickyCookie", "slowStart");

    static SettingsView of(BalancerSettings settings) {
        return new SettingsView(settings.algorithm().label(),
                settings.hashOn() == null ? null : settings.hashOn().toString(), settings.stickyCookie(),
                settings.slowStart() == null ? null : Durations.format(settings.slowStart()));
    }

    /** The settings this view shows; it holds only what {@link #of} made, so it parses. */
    BalancerSettings settings() {
        return new BalancerSettings(Algorithm.parse(algorithm), hashOn == null ? null : HashOn.parse(hashOn),
                stickyCookie, slowStart == null ? null : Durations.parse(slowStart));
    }

    /**
     * Reads the settings of a document, each field with the API's own rules and every one at fault reported under
     * {@code pointer}; a field left out takes its default, and the whole must make sense ({@code hash} needs
     * {@code hashOn}).
     *
     * @return the settings, or null when anything in them was refused
     */
    static SettingsView parse(JsonNode node, String pointer, DocumentProblems problems) {
        if (node == null || !node.isObject()) {
            problems.add(pointer, "settings must be an object: algorithm, hashOn, stickyCookie, slowStart");
            return null;
        }
        int before = problems.size();
        problems.unknownFields(node, FIELDS, pointer);
        Algorithm algorithm = problems.optional(node, "algorithm", pointer, SettingsRequests::algorithm);
        HashOn hashOn = problems.nullable(node, "hashOn", pointer, SettingsRequests::hashOn);
        String stickyCookie = problems.nullable(node, "stickyCookie", pointer, SettingsRequests::stickyCookie);
        Duration slowStart = problems.nullable(node, "slowStart", pointer, SettingsRequests::slowStart);
        if (problems.size() > before) {
            return null;
        }
        try {
            return of(new BalancerSettings(algorithm == null ? Algorithm.ROUND_ROBIN : algorithm, hashOn,
                    stickyCookie, slowStart));
        } catch (IllegalArgumentException e) {
            problems.add(DocumentProblems.member(pointer, "hashOn"), e.getMessage());
            return null;
        }
    }

    /** Each field this view and {@code other} disagree on, as {@code name this -> other} ({@code none} for null). */
    List<String> changesTo(SettingsView other) {
        List<String> changes = new ArrayList<>();
        change(changes, "algorithm", algorithm, other.algorithm);
        change(changes, "hashOn", hashOn, other.hashOn);
        change(changes, "stickyCookie", stickyCookie, other.stickyCookie);
        change(changes, "slowStart", slowStart, other.slowStart);
        return changes;
    }

    private static void change(List<String> changes, String field, String from, String to) {
        if (!Objects.equals(from, to)) {
            changes.add(field + " " + (from == null ? "none" : from) + " -> " + (to == null ? "none" : to));
        }
    }
}
