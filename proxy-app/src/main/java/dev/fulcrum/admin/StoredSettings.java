package dev.fulcrum.admin;

import dev.fulcrum.db.SettingsRecord;
import dev.fulcrum.pool.Algorithm;
import dev.fulcrum.pool.BalancerSettings;
import dev.fulcrum.pool.HashOn;
import java.time.Duration;

/** The balancer's settings between their stored form ({@link SettingsRecord}) and the form the pool routes by. */
final class StoredSettings {

    private StoredSettings() {
    }

    static BalancerSettings parse(SettingsRecord stored) {
        return new BalancerSettings(Algorithm.parse(stored.algorithm()),
                stored.hashOn() == null ? null : HashOn.parse(stored.hashOn()), stored.stickyCookie(),
                stored.slowStartMs() == null ? null : Duration.ofMillis(stored.slowStartMs()));
    }

    /** The stored form of {@code settings}; the time is the database's to set. */
    static SettingsRecord record(BalancerSettings settings) {
        return new SettingsRecord(settings.algorithm().label(),
                settings.hashOn() == null ? null : settings.hashOn().toString(), settings.stickyCookie(),
                settings.slowStart() == null ? null : (int) settings.slowStart().toMillis(), null);
    }
}
