package dev.fulcrum.admin;

import static dev.fulcrum.admin.JsonObjectBody.clearable;
import static dev.fulcrum.admin.JsonObjectBody.nullable;
import static dev.fulcrum.admin.JsonObjectBody.settable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.values.BackendUrls;
import dev.fulcrum.values.HealthPaths;
import dev.fulcrum.values.Ports;
import dev.fulcrum.db.BackendLimits;
import dev.fulcrum.db.Change;
import dev.fulcrum.pool.StatusRange;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns admin API request bodies into validated backend fields, field by field, so every refusal names the field at
 * fault. Validation happens here, at the edge; nothing invalid reaches the database.
 */
public final class BackendRequests {

    /** What a create asks for, every field validated and defaulted; null health fields mean the global default. */
    public record Create(String name, URI url, int weight, boolean enabled, String healthPath, StatusRange expectStatus,
                         Duration interval) {
    }

    /**
     * What a PATCH asks to change: a field left out is kept; the health overrides sent as null are cleared, back to
     * the global default.
     */
    public record Patch(Change<String> name, Change<URI> url, Change<Integer> weight, Change<Boolean> enabled,
                        Change<Boolean> draining, Change<String> healthPath, Change<StatusRange> expectStatus,
                        Change<Duration> interval) {
        boolean isEmpty() {
            return name.isKeep() && url.isKeep() && weight.isKeep() && enabled.isKeep() && draining.isKeep()
                    && healthPath.isKeep() && expectStatus.isKeep() && interval.isKeep();
        }
    }

    public static final int MAX_WEIGHT = 1000;
    public static final int MAX_NAME_LENGTH = BackendLimits.MAX_NAME_LENGTH;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    public static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    public static final Duration MAX_INTERVAL = Duration.ofHours(1);
    private static final Set<String> CREATE_FIELDS = Set.of("url", "host", "port", "name", "weight", "enabled",
            "healthPath", "expectStatus", "interval");
    private static final Set<String> PATCH_FIELDS = Set.of("url", "name", "weight", "enabled", "draining",
            "healthPath", "expectStatus", "interval");

    private final ObjectMapper json;

    public BackendRequests(ObjectMapper json) {
        this.json = json;
    }

    public Create parseCreate(byte[] body) {
        JsonNode root = JsonObjectBody.parse(json, body, CREATE_FIELDS);
        URI url = createUrl(root);
        String name = root.has("name") ? name(root.get("name")) : BackendUrls.defaultName(url);
        int weight = root.has("weight") ? weight(root.get("weight")) : 1;
        boolean enabled = !root.has("enabled") || JsonObjectBody.bool(root.get("enabled"), "enabled");
        return new Create(name, url, weight, enabled, nullable(root, "healthPath", BackendRequests::healthPath),
                nullable(root, "expectStatus", BackendRequests::expectStatus),
                nullable(root, "interval", BackendRequests::interval));
    }

    public Patch parsePatch(byte[] body) {
        JsonNode root = JsonObjectBody.parse(json, body, PATCH_FIELDS);
        Patch patch = new Patch(settable(root, "name", BackendRequests::name),
                settable(root, "url", BackendRequests::url), settable(root, "weight", BackendRequests::weight),
                settable(root, "enabled", node -> JsonObjectBody.bool(node, "enabled")),
                settable(root, "draining", node -> JsonObjectBody.bool(node, "draining")),
                clearable(root, "healthPath", BackendRequests::healthPath),
                clearable(root, "expectStatus", BackendRequests::expectStatus),
                clearable(root, "interval", BackendRequests::interval));
        if (patch.isEmpty()) {
            throw JsonObjectBody.nothingToChange(PATCH_FIELDS);
        }
        return patch;
    }

    private static URI createUrl(JsonNode root) {
        boolean hostPort = root.has("host") || root.has("port");
        if (root.has("url")) {
            if (hostPort) {
                throw ApiError.badField("url", "give either url or host and port, not both");
            }
            return url(root.get("url"));
        }
        if (!hostPort) {
            throw ApiError.badField("url", "url is required (or host and port)");
        }
        JsonNode host = root.get("host");
        if (host == null || !host.isTextual() || host.asText().isBlank()) {
            throw ApiError.badField("host", "host must be a non-empty string");
        }
        String name = host.asText().trim();
        if (name.length() > BackendUrls.MAX_HOST_LENGTH) {
            throw ApiError.badField("host", "host is longer than " + BackendUrls.MAX_HOST_LENGTH + " characters");
        }
        int port = port(root.get("port"));
        try {
            return fitting(BackendUrls.parse("http://" + name + ":" + port), "host");
        } catch (IllegalArgumentException e) {
            throw ApiError.badField("host", "host is not valid: " + quoted(host.asText()));
        }
    }

    static URI url(JsonNode node) {
        if (!node.isTextual()) {
            throw ApiError.badField("url", "url must be a string");
        }
        if (node.asText().length() > BackendLimits.MAX_URL_LENGTH) {
            throw ApiError.badField("url", "url is longer than " + BackendLimits.MAX_URL_LENGTH + " characters");
        }
        try {
            return fitting(BackendUrls.parse(node.asText()), "url");
        } catch (IllegalArgumentException e) {
            throw ApiError.badField("url", e.getMessage());
        }
    }

    /** The normalised URL is what is stored: it must fit its column too. */
    private static URI fitting(URI url, String field) {
        if (url.toString().length() > BackendLimits.MAX_URL_LENGTH) {
            throw ApiError.badField(field, "url is longer than " + BackendLimits.MAX_URL_LENGTH + " characters");
        }
        return url;
    }

    /** Echoes a value in a message without letting a huge one fill it. */
    private static String quoted(String value) {
        return "'" + (value.length() > 80 ? value.substring(0, 80) + "..." : value) + "'";
    }

    private static int port(JsonNode node) {
        if (node == null) {
            throw ApiError.badField("port", "port is required with host");
        }
        int port;
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            port = node.asInt();
        } else if (node.isTextual() && node.asText().trim().matches("\\d{1,5}")) {
            port = Integer.parseInt(node.asText().trim());
        } else {
            throw ApiError.badField("port", "port must be a whole number from 1 to 65535");
        }
        if (!Ports.isValid(port)) {
            throw ApiError.badField("port", "port " + port + " is outside " + Ports.RANGE);
        }
        return port;
    }

    static String name(JsonNode node) {
        if (!node.isTextual()) {
            throw ApiError.badField("name", "name must be a string");
        }
        String name = node.asText();
        if (name.isEmpty()) {
            throw ApiError.badField("name", "name must not be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw ApiError.badField("name", "name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (!NAME.matcher(name).matches()) {
            throw ApiError.badField("name", "name may only contain letters, digits, '.', '_' and '-'");
        }
        return name;
    }

    static int weight(JsonNode node) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ApiError.badField("weight", "weight must be a whole number from 0 to " + MAX_WEIGHT);
        }
        int weight = node.asInt();
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw ApiError.badField("weight", "weight " + weight + " is outside 0-" + MAX_WEIGHT);
        }
        return weight;
    }

    static String healthPath(JsonNode node) {
        if (!node.isTextual()) {
            throw ApiError.badField("healthPath", "healthPath must be a string such as \"/health\"");
        }
        String path = node.asText();
        if (path.length() > BackendLimits.MAX_HEALTH_PATH_LENGTH) {
            throw ApiError.badField("healthPath", "healthPath is longer than " + BackendLimits.MAX_HEALTH_PATH_LENGTH
                    + " characters");
        }
        try {
            return HealthPaths.check(path);
        } catch (IllegalArgumentException e) {
            throw ApiError.badField("healthPath", "healthPath " + e.getMessage());
        }
    }

    static StatusRange expectStatus(JsonNode node) {
        try {
            if (node.isIntegralNumber()) {
                return StatusRange.parse(node.asText());
            }
            if (node.isTextual()) {
                return StatusRange.parse(node.asText());
            }
        } catch (IllegalArgumentException e) {
            throw ApiError.badField("expectStatus", "expectStatus " + e.getMessage() + " within 100-599");
        }
        throw ApiError.badField("expectStatus", "expectStatus must be a status like 200 or a range like \"200-299\"");
    }

    static Duration interval(JsonNode node) {
        Duration interval = JsonObjectBody.duration(node, "interval",
                "interval must be a duration such as \"500ms\", \"5s\" or \"1m\"");
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw ApiError.badField("interval", "interval must be between 100ms and 1h");
        }
        return interval;
    }
}
