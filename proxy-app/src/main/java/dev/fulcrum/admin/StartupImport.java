package dev.fulcrum.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the command line imports at start, as one revision by {@code startup}: a configuration document
 * ({@code serve --import} of what {@code fulcrum export} wrote), which the configuration becomes, and URLs
 * ({@code --backend}, a {@code server_db.json}), each added unless a backend has it already, so that importing the
 * same twice changes nothing.
 *
 * @param source what to call the import in the history and the log ({@code server_db.json}, {@code --backend})
 * @param document the document, or null to keep the stored configuration and only add the URLs
 */
public record StartupImport(String source, ConfigDocument document, List<URI> urls) {

    public static final StartupImport NONE = new StartupImport("nothing", null, List.of());

    public StartupImport {
        urls = List.copyOf(urls);
    }

    /** URLs to add from {@code source}. */
    public static StartupImport urls(String source, List<URI> urls) {
        return new StartupImport(source, null, urls);
    }

    /**
     * A configuration document read from {@code source}.
     *
     * @throws IllegalArgumentException in one line naming the source and each value at fault by its JSON pointer
     */
    public static StartupImport document(String source, JsonNode root) {
        try {
            return new StartupImport(source, ConfigDocument.parse(root), List.of());
        } catch (DocumentProblems.Refused e) {
            throw new IllegalArgumentException(source + ": " + e.problems().stream()
                    .map(p -> (p.field().isEmpty() ? "" : p.field() + ": ") + p.error())
                    .collect(Collectors.joining("; ")));
        }
    }

    /** This import, adding {@code more} URLs too; the source names the document or file when there is one. */
    public StartupImport with(String moreSource, List<URI> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<URI> all = new ArrayList<>(urls);
        all.addAll(more);
        return new StartupImport(isEmpty() ? moreSource : source + " and " + moreSource, document, all);
    }

    boolean isEmpty() {
        return document == null && urls.isEmpty();
    }
}
