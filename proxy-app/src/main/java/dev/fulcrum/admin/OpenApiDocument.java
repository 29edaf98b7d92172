package dev.fulcrum.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The API's OpenAPI document ({@code openapi.json} beside this class), served at {@code /api/openapi.json} and held
 * to the routes both ways: every route the server has is documented, and every documented operation is a route.
 * {@link AdminServer} checks this each time it is built, so a route added without documentation, or a document
 * naming a route that is gone, fails at once rather than misleading a client.
 */
final class OpenApiDocument {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    private final byte[] bytes;
    private final Set<String> operations;

    private OpenApiDocument(byte[] bytes, Set<String> operations) {
        this.bytes = bytes;
        this.operations = operations;
    }

    static OpenApiDocument load(ObjectMapper json) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is not on the classpath");
            }
            byte[] bytes = in.readAllBytes();
            return new OpenApiDocument(bytes, operations(json.readTree(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read openapi.json", e);
        }
    }

    /** Every operation the document describes, as {@code METHOD /path}. */
    static Set<String> operations(JsonNode document) {
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (METHODS.contains(method)) {
                    operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return operations;
    }

    /**
     * @param routes the routes a server has, as {@code METHOD /path}
     * @return each route left out of the document and each documented operation that is no route, worded; empty
     *     when the two agree
     */
    static List<String> disagreements(Set<String> routes, Set<String> documented) {
        List<String> disagreements = new ArrayList<>();
        for (String route : new TreeSet<>(routes)) {
            if (!documented.contains(route)) {
                disagreements.add(route + " is served but not in openapi.json");
            }
        }
        for (String operation : documented) {
            if (!routes.contains(operation)) {
                disagreements.add(operation + " is in openapi.json but not served");
            }
        }
        return disagreements;
    }

    Set<String> operations() {
        return operations;
    }

    byte[] bytes() {
        return bytes.clone();
    }
}
