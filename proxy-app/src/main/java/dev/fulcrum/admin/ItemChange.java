package dev.fulcrum.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One item a change touches (or a plan would): its kind ({@code backend}, {@code settings}, {@code webhook}), its id
 * (null for a backend a plan would add), its name, its JSON before and after (null where it does not exist), and the
 * fields that differ: for an item added or removed, each field it has a value in.
 */
public record ItemChange(String kind, Long id, String name, JsonNode before, JsonNode after, List<String> fields) {

    static ItemChange of(String kind, Long id, JsonNode before, JsonNode after) {
        JsonNode named = after != null ? after : before;
        String name = named.hasNonNull("name") ? named.get("name").asText() : null;
        return new ItemChange(kind, id, name, before, after, differing(before, after));
    }

    /** {@code kind name} or {@code kind id}, as the summaries and refusals name an item. */
    String label() {
        return name != null ? kind + " " + name : id == null || SettingsView.KIND.equals(kind) ? kind : kind + " " + id;
    }

    /** What changed in words: {@code weight 1 -> 5, enabled true -> false}; for an item added or removed, its url. */
    String describe() {
        if (before == null) {
            return "added " + label() + (after.hasNonNull("url") ? " (" + after.get("url").asText() + ")" : "");
        }
        if (after == null) {
            return "removed " + label() + (before.hasNonNull("url") ? " (" + before.get("url").asText() + ")" : "");
        }
        List<String> parts = new ArrayList<>(fields.size());
        for (String field : fields) {
            parts.add(field + " " + text(before.get(field)) + " -> " + text(after.get(field)));
        }
        return "changed " + label() + ": " + String.join(", ", parts);
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "none" : value.isValueNode() ? value.asText() : value.toString();
    }

    private static List<String> differing(JsonNode before, JsonNode after) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode side : new JsonNode[] {before, after}) {
            if (side != null) {
                for (Iterator<String> it = side.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
            }
        }
        List<String> fields = new ArrayList<>();
        for (String name : names) {
            JsonNode was = before == null ? null : before.get(name);
            JsonNode is = after == null ? null : after.get(name);
            if (before == null || after == null ? !(is == null ? was : is).isNull() : !Objects.equals(was, is)) {
                fields.add(name);
            }
        }
        return fields;
    }
}
