package dev.fulcrum.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.admin.StartupImport;
import dev.fulcrum.values.BackendUrls;
import dev.fulcrum.values.Ports;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@code serve --import} takes: a configuration document as {@code fulcrum export} writes it
 * ({@code {"format": 1, ...}}), which the configuration becomes, or the original balancer's backend file,
 * {@code server_db.json}: {@code {"server_list":[{"id":1,"host":"127.0.0.1","port":"5001"}, ...]}}, where port may be
 * a string or a number, whose backends are added.
 *
 * <p>Every problem is reported as one line naming the file, and the entry and the field (or the JSON pointer of
 * each value at fault in a document), so a user can fix the file without reading code.
 */
final class ImportFile {

    private final ObjectMapper json;

    ImportFile(ObjectMapper json) {
        this.json = json;
    }

    StartupImport read(Path file) {
        String where = file.getFileName().toString();
        JsonNode root;
        try {
            root = json.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage());
        }
        if (root != null && root.isObject() && root.has("format") && !root.has("server_list")) {
            return StartupImport.document(where, root);
        }
        if (root == null || !root.isObject() || !root.has("server_list")) {
            throw new IllegalArgumentException(where + ": expected an object with a \"server_list\" array, or a "
                    + "configuration document with \"format\": 1 as fulcrum export writes it");
        }
        JsonNode list = root.get("server_list");
        if (!list.isArray()) {
            throw new IllegalArgumentException(where + ": \"server_list\" must be an array");
        }
        List<URI> urls = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            urls.add(entry(where, i, list.get(i)));
        }
        return StartupImport.urls(where, urls);
    }

    private static URI entry(String where, int index, JsonNode entry) {
        String label = where + ": server_list[" + index + "]"
                + (entry.isObject() && entry.has("id") ? " (id " + entry.get("id").asText() + ")" : "");
        if (!entry.isObject()) {
            throw new IllegalArgumentException(label + ": expected an object with host and port");
        }
        JsonNode host = entry.get("host");
        if (host == null || !host.isTextual() || host.asText().isBlank()) {
            throw new IllegalArgumentException(label + ": field \"host\" must be a non-empty string");
        }
        JsonNode portNode = entry.get("port");
        if (portNode == null || !(portNode.isTextual() || portNode.isIntegralNumber())) {
            throw new IllegalArgumentException(label + ": field \"port\" must be a number or a string of digits");
        }
        String portText = portNode.asText().trim();
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(label + ": field \"port\" is '" + portText + "', not a number");
        }
        if (!Ports.isValid(port)) {
            throw new IllegalArgumentException(label + ": field \"port\" is " + port + ", outside " + Ports.RANGE);
        }
        try {
            return BackendUrls.parse("http://" + host.asText().trim() + ":" + port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label + ": field \"host\": " + e.getMessage());
        }
    }
}
