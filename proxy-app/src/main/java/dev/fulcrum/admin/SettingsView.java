package dev.fulcrum.admin;

import dev.fulcrum.pool.BalancerSettings;
import dev.fulcrum.values.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The balancer's settings as the admin API shows and takes them: the algorithm's label, {@code hashOn} as written
 * ({@code header:X-User-Id}), the sticky cookie's name, and slow start as a duration ({@code 30s}); null for what is
 * off or unset.
 */
public record SettingsView(String algorithm, String hashOn, String stickyCookie, String slowStart) {

    static SettingsView of(BalancerSettings settings) {
        return new SettingsView(settings.algorithm().label(),
                settings.hashOn() == null ? null : settings.hashOn().toString(), settings.stickyCookie(),
                settings.slowStart() == null ? null : Durations.format(settings.slowStart()));
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
