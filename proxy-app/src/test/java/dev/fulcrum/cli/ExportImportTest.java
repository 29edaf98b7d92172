package dev.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.Fulcrum;
import dev.fulcrum.admin.AdminClient;
import dev.fulcrum.admin.AdminTokens;
import dev.fulcrum.admin.StartupImport;
import dev.fulcrum.testing.ChildFulcrum;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fulcrum export} and {@code serve --import}: a configuration exported, imported into an empty database and
 * exported again is the same document; an import is one revision by {@code startup}, and importing the same again
 * changes nothing.
 */
class ExportImportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String database(String name) {
        return "jdbc:h2:file:" + dir.resolve(name);
    }

    private static String export(String jdbcUrl) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Fulcrum.run(new PrintWriter(out, true), new PrintWriter(err, true), "export", "--db", jdbcUrl);
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        return out.toString();
    }

    private static FulcrumServer start(String jdbcUrl, StartupImport imported) throws Exception {
        return TestServers.start(jdbcUrl, AdminTokens.NONE, imported);
    }

    /** The document with its revision taken out: what two databases with the same configuration share. */
    private static String withRevision(String document, long revision) {
        return document.replaceFirst("\"revision\" : \\d+,", "\"revision\" : " + revision + ",");
    }

    @Test
    void exportImportIntoAnEmptyDatabaseAndExportAgainGiveTheSameDocument() throws Exception {
        try (FulcrumServer first = start(database("first"), StartupImport.NONE)) {
            AdminClient api = new AdminClient(first.adminPort(), null);
            api.post("/api/backends", "{\"url\": \"http://127.0.0.1:5002\", \"name\": \"zeta\", \"weight\": 4,"
                    + " \"healthPath\": \"/ready\", \"expectStatus\": \"200-204\", \"interval\": \"1500ms\"}");
            api.post("/api/backends", "{\"url\": \"https://127.0.0.1:5001\", \"name\": \"alpha\", \"enabled\": false}");
            long gone = api.post("/api/backends", "{\"url\": \"http://127.0.0.1:5003\"}").json().get("id").asLong();
            api.delete("/api/backends/" + gone);
            api.patch("/api/backends/1", "{\"draining\": true}");
            api.patch("/api/settings", "{\"algorithm\": \"hash\", \"hashOn\": \"cookie:session\", "
                    + "\"stickyCookie\": \"srv\", \"slowStart\": \"45s\"}");
            api.post("/api/webhooks", "{\"url\": \"https://127.0.0.1:5009/hooks?team=ops\", \"events\": [\"down\","
                    + " \"up\"], \"secret\": \"a secret of 16 characters or more\"}");
            api.post("/api/webhooks", "{\"url\": \"http://127.0.0.1:5008/\", \"enabled\": false}");
            api.post("/api/webhooks", "{\"url\": \"http://127.0.0.1:5008/\", \"events\": \"removed\"}");
        }
        String exported = export(database("first"));
        assertThat(JSON.readTree(exported).get("revision").asLong()).isEqualTo(9);
        assertThat(JSON.readTree(exported).get("webhooks")).hasSize(3);
        assertThat(exported).doesNotContain("secret");
        Path file = dir.resolve("fulcrum-config.json");
        Files.writeString(file, exported);

        StartupImport imported = new ImportFile(JSON).read(file);
        String served;
        try (FulcrumServer second = start(database("second"), imported)) {
            AdminClient api = new AdminClient(second.adminPort(), null);
            served = api.get("/api/config").raw().body();
            JsonNode revision = api.get("/api/revisions/1").json();
            assertThat(revision.get("author").asText()).isEqualTo("startup");
            assertThat(revision.get("action").asText()).isEqualTo("config.import");
            assertThat(revision.get("summary").asText()).startsWith("imported fulcrum-config.json: ");
            assertThat(second.pool().backends()).hasSize(2);
            assertThat(api.get("/api/webhooks").json()).as("imported unsigned: no secret is exported").hasSize(3)
                    .allSatisfy(webhook -> assertThat(webhook.get("secretSet").asBoolean()).isFalse());
        }
        assertThat(served).isEqualTo(withRevision(exported, 1));
        assertThat(export(database("second"))).isEqualTo(served);

        try (FulcrumServer again = start(database("second"), imported)) {
            assertThat(new AdminClient(again.adminPort(), null).get("/api/revisions").json().get("items"))
                    .as("importing the same document again changes nothing").hasSize(1);
        }
    }

    @Test
    void aServerListIsAddedAsOneRevisionAndNotTwice() throws Exception {
        Path file = dir.resolve("server_db.json");
        Files.writeString(file, """
                {"server_list": [{"id": 1, "host": "127.0.0.1", "port": "5001"},
                                 {"id": 2, "host": "127.0.0.1", "port": 5002}]}""");
        StartupImport imported = new ImportFile(JSON).read(file).with("--backend",
                java.util.List.of(TestServers.local(5001), TestServers.local(5003)));

        for (int start = 0; start < 2; start++) {
            try (FulcrumServer server = start(database("list"), imported)) {
                JsonNode revisions = new AdminClient(server.adminPort(), null).get("/api/revisions").json()
                        .get("items");
                assertThat(revisions).hasSize(1);
                assertThat(revisions.get(0).get("summary").asText()).isEqualTo("imported server_db.json and "
                        + "--backend: added backend 127.0.0.1-5001 (http://127.0.0.1:5001); added backend "
                        + "127.0.0.1-5002 (http://127.0.0.1:5002); added backend 127.0.0.1-5003 "
                        + "(http://127.0.0.1:5003)");
                assertThat(server.pool().backends()).hasSize(3);
            }
        }
    }

    @Test
    void exportingADatabaseThatDoesNotExistIsOneLineAndCreatesNothing() {
        StringWriter err = new StringWriter();
        int code = Fulcrum.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "export",
                "--db", database("missing"));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).isEqualTo("export: no database at " + database("missing")
                + " (export reads one, it never creates one)" + System.lineSeparator());
        assertThat(dir.resolve("missing.mv.db")).doesNotExist();
    }

    @Test
    void exportingADatabaseARunningServeHoldsSaysToAskThatServe() throws Exception {
        String jdbcUrl = database("held");
        try (ChildFulcrum serve = ChildFulcrum.start(jdbcUrl, dir.resolve("serve.log"))) {
            StringWriter err = new StringWriter();
            int code = Fulcrum.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "export",
                    "--db", jdbcUrl);

            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).isEqualTo("export: " + jdbcUrl + " is open in another process (a running "
                    + "serve holds its database): ask that one with GET /api/config instead" + System.lineSeparator());
        }
    }
}
