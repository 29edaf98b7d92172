package dev.fulcrum.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Reads the original balancer's backend file, {@code server_db.json}:
 * {@code {"server_list":[{"id":1,"host":"127.0.0.1","port":"5001"}, ...]}}, where port may be a string or a number.
 *
 * <p>Every problem is reported as one line naming the file, the entry and the field, so a user can fix the file
 * without reading code.
 */
final class ServerListFile {

    private final ObjectMapper json;

    ServerListFile(ObjectMapper json) {
        this.json = json;
    }

    List<URI> read(Path file) {
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
        if (root == null || !root.isObject() || !root.has("server_list")) {
            throw new IllegalArgumentException(where + ": expected an object with a \"server_list\" array");
        }
        JsonNode list = root.get("server_list");
        if (!list.isArray()) {
            throw new IllegalArgumentException(where + ": \"server_list\" must be an array");
        }
        List<URI> urls = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            urls.add(entry(where, i, list.get(i)));
        }
        return urls;
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
