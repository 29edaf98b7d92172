package dev.fulcrum.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration as one JSON document, format {@value #FORMAT}: what {@code GET /api/config} and
 * {@code fulcrum export} write, and what {@code POST /api/config/plan}, {@code PUT /api/config} and
 * {@code serve --import} read.
 *
 * <pre>{"format": 1, "revision": 14,
 *  "settings": {"algorithm": "round-robin", "hashOn": null, "stickyCookie": null, "slowStart": null},
 *  "backends": [{"name": "web-1", "url": "http://10.0.0.1:8080", "weight": 1, "enabled": true, "draining": false,
 *                "healthPath": null, "expectStatus": null, "interval": null}],
 *  "webhooks": [{"url": "https://hooks.example.com/x", "events": ["all"], "enabled": true}]}</pre>
 *
 * Backends are written in the order of their names and identified by name (a backend whose name is new but whose url
 * is stored is a rename), not by id, so that a document means the same in another database. Webhooks are written in
 * the order of their urls, never with their secret, and identified by url (several with one url in the order of
 * their ids); a document read may set a webhook's {@code secret}, and one without the {@code webhooks} member leaves
 * the webhooks as they are, which keeps documents written before webhooks were part of it meaning what they did.
 * {@code revision} says which revision a written document reflects; a document read may carry one, but it is not
 * checked (a change made on condition of a revision sends it as {@code If-Match}). A document read is checked whole:
 * every value at fault is reported at once, each at its JSON pointer, and none of it is applied.
 *
 * @param webhooks the webhooks, each with the secret the document sets (null for none said); null when the document
 *                 leaves the webhooks as they are
 */
public record ConfigDocument(SettingsView settings, List<BackendItem> backends, List<WebhookState> webhooks) {

    static final int FORMAT = 1;
    static final List<String> FIELDS = List.of("format", "revision", "settings", "backends", "webhooks");

    /**
     * The document as written: the format, the revision it reflects, the settings, the backends by name, the webhooks
     * by url.
     */
    public record Rendered(int format, long revision, SettingsView settings, List<BackendItem> backends,
                           List<WebhookEntry> webhooks) {
    }

    static Rendered render(long revision, Configuration configuration) {
        List<BackendItem> backends = new ArrayList<>(configuration.backends().values());
        backends.sort(Comparator.comparing(BackendItem::name));
        List<WebhookEntry> webhooks = new ArrayList<>();
        configuration.webhooks().values().forEach(webhook -> webhooks.add(webhook.entry()));
        webhooks.sort(Comparator.comparing(WebhookEntry::url));
        return new Rendered(FORMAT, revision, configuration.settings(), backends, webhooks);
    }

    /** The document's bytes: indented, so that two of them compare well in a diff, and ending in a newline. */
    static byte[] bytes(ObjectMapper json, Rendered document) {
        try {
            return (json.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the configuration", e);
        }
    }

    /** Reads a document's bytes; refuses malformed JSON, or a document with any value at fault, as a whole. */
    static ConfigDocument parse(ObjectMapper json, byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw refused("", "malformed JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw refused("", "unreadable document");
        }
        return parse(root);
    }

    static ConfigDocument parse(JsonNode root) {
        DocumentProblems problems = new DocumentProblems();
        if (root == null || !root.isObject()) {
            throw refused("", "expected a JSON object: {\"format\": 1, \"settings\": {...}, \"backends\": [...]}");
        }
        problems.unknownFields(root, FIELDS, "");
        JsonNode format = root.get("format");
        if (format == null || !format.isIntegralNumber() || format.asLong() != FORMAT) {
            problems.add("/format", "format must be " + FORMAT + ", the version of the document this Fulcrum reads");
        }
        JsonNode revision = root.get("revision");
        if (revision != null
                && !(revision.isIntegralNumber() && revision.canConvertToLong() && revision.asLong() >= 0)) {
            problems.add("/revision", "revision must be a whole number from 0 (it is not checked: send If-Match to "
                    + "apply on condition of a revision)");
        }
        SettingsView settings = root.has("settings") ? SettingsView.parse(root.get("settings"), "/settings", problems)
                : missing(problems, "/settings", "settings are required: {\"algorithm\": \"round-robin\"} at least");
        List<BackendItem> backends = backends(root.get("backends"), problems);
        List<WebhookState> webhooks = root.has("webhooks") ? webhooks(root.get("webhooks"), problems) : null;
        problems.throwIfAny();
        return new ConfigDocument(settings, backends, webhooks);
    }

    private static List<WebhookState> webhooks(JsonNode list, DocumentProblems problems) {
        if (!list.isArray()) {
            problems.add("/webhooks", "webhooks must be an array of webhooks (empty for none; leave it out to keep "
                    + "the webhooks as they are)");
            return List.of();
        }
        List<WebhookState> webhooks = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            WebhookState webhook = WebhookEntry.parse(list.get(i), "/webhooks/" + i, problems);
            if (webhook != null) {
                webhooks.add(webhook);
            }
        }
        return webhooks;
    }

    private static List<BackendItem> backends(JsonNode list, DocumentProblems problems) {
        if (list == null || !list.isArray()) {
            problems.add("/backends", "backends must be an array of backends (empty for none)");
            return List.of();
        }
        List<BackendItem> backends = new ArrayList<>(list.size());
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> urls = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String pointer = "/backends/" + i;
            BackendItem item = BackendItem.parse(list.get(i), pointer, problems);
            if (item == null) {
                continue;
            }
            Integer sameName = names.putIfAbsent(item.name(), i);
            if (sameName != null) {
                problems.add(pointer + "/name", "name '" + item.name() + "' is also the name of /backends/"
                        + sameName);
            }
            Integer sameUrl = urls.putIfAbsent(item.url(), i);
            if (sameUrl != null) {
                problems.add(pointer + "/url", "url " + item.url() + " is also the url of /backends/" + sameUrl);
            }
            backends.add(item);
        }
        return backends;
    }

    private static <T> T missing(DocumentProblems problems, String pointer, String error) {
        problems.add(pointer, error);
        return null;
    }

    private static DocumentProblems.Refused refused(String pointer, String error) {
        return new DocumentProblems.Refused(List.of(new DocumentProblems.Problem(pointer, error)));
    }
}
