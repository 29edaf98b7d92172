package dev.fulcrum.db;

import java.time.Instant;

/**
 * The balancer's stored settings, the one row of {@code balancer_settings}, in their stored form: the caller parses
 * and checks them. Null means off ({@code stickyCookie}, {@code slowStartMs}) or unset ({@code hashOn}).
 */
public record SettingsRecord(String algorithm, String hashOn, String stickyCookie, Integer slowStartMs,
                             Instant updatedAt) {
}
