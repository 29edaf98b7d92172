package dev.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheOriginalFormatWithPortsAsStringsOrNumbers() throws Exception {
        Path file = dir.resolve("server_db.json");
        Files.writeString(file, """
                {"server_list": [
                  {"id": 1, "host": "127.0.0.1", "port": "5001"},
                  {"id": 2, "host": "127.0.0.1", "port": 5002},
                  {"id": 3, "host": "LocalHost", "port": " 5003 "}
                ]}""");

        assertThat(new ImportFile(new ObjectMapper()).read(file).urls()).containsExactly(
                URI.create("http://127.0.0.1:5001"), URI.create("http://127.0.0.1:5002"),
                URI.create("http://localhost:5003"));
    }
}
