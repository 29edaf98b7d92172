package dev.fulcrum.admin;

import dev.fulcrum.pool.Algorithm;
import dev.fulcrum.pool.BalancerSettings;
import dev.fulcrum.pool.HashOn;
import dev.fulcrum.values.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The balancer settings given on the command line ({@code --algorithm}, {@code --hash-on}, {@code --sticky-cookie},
 * {@code --slow-start}); null for a flag not given. They are the first values of a database that has none; after
 * that the stored values win (see {@link SettingsService#load}), so a change made at run time is not undone by the
 * next start.
 */
public record SettingsFlags(Algorithm algorithm, HashOn hashOn, String stickyCookie, Duration slowStart) {

    public static final SettingsFlags NONE = new SettingsFlags(null, null, null, null);

    /** The settings these flags give, the defaults where a flag is not given; throws when they are invalid together. */
    public BalancerSettings initial() {
        BalancerSettings defaults = BalancerSettings.DEFAULTS;
        return new BalancerSettings(algorithm == null ? defaults.algorithm() : algorithm,
                hashOn == null ? defaults.hashOn() : hashOn,
                stickyCookie == null ? defaults.stickyCookie() : stickyCookie,
                slowStart == null ? defaults.slowStart() : slowStart);
    }

    /** Each flag given with another value than {@code stored} has, as {@code --algorithm hash}. */
    List<String> differingFrom(BalancerSettings stored) {
        SettingsView kept = SettingsView.of(stored);
        List<String> differing = new ArrayList<>();
        differs(differing, "--algorithm", algorithm == null ? null : algorithm.label(), kept.algorithm());
        differs(differing, "--hash-on", hashOn == null ? null : hashOn.toString(), kept.hashOn());
        differs(differing, "--sticky-cookie", stickyCookie, kept.stickyCookie());
        differs(differing, "--slow-start", slowStart == null ? null : Durations.format(slowStart), kept.slowStart());
        return differing;
    }

    private static void differs(List<String> differing, String flag, String given, String stored) {
        if (given != null && !Objects.equals(given, stored)) {
            differing.add(flag + " " + given);
        }
    }
}
