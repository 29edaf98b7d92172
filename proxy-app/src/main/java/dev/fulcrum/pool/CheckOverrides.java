package dev.fulcrum.pool;

import java.time.Duration;

/**
 * Per-backend exceptions to the global health-check settings; each {@code null} means "use the global default".
 *
 * @param path the health path to probe instead of {@code --health-path}
 * @param expect the statuses that pass, instead of any 2xx or 3xx
 * @param interval the time between probes instead of {@code --health-interval}
 */
public record CheckOverrides(String path, StatusRange expect, Duration interval) {

    public static final CheckOverrides NONE = new CheckOverrides(null, null, null);
}
