package dev.fulcrum.admin;

import dev.fulcrum.values.InstanceIds;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The query parameters the history routes take, each refused with a 400 naming it when it is not what it says. */
final class QueryParams {

    static final int MAX_LIMIT = 10_000;
    static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private QueryParams() {
    }

    static Instant instant(String value, String field, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiError.badField(field, field + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
        // Instant's own range reaches a billion years either way, where a window's arithmetic overflows and no
        // database stores it; years 0000-9999 are what ISO-8601, SQL and browsers all handle.
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ApiError.badField(field, field + " must lie between " + EARLIEST + " and " + LATEST);
        }
        return instant;
    }

    static int limit(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        long n = positive(value, "limit");
        if (n > MAX_LIMIT) {
            throw ApiError.badField("limit", "limit must be at most " + MAX_LIMIT);
        }
        return (int) n;
    }

    static String instance(String value, String field) {
        try {
            return InstanceIds.requireValid(value);
        } catch (IllegalArgumentException e) {
            throw ApiError.badField(field, e.getMessage());
        }
    }

    static long positive(String value, String field) {
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.badField(field, field + " must be a whole number greater than 0");
    }
}
