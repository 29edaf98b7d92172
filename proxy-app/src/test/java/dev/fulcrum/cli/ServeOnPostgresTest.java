package dev.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.admin.AdminClient;
import dev.fulcrum.db.DatabaseSettings;
import dev.fulcrum.db.testing.PostgresServer;
import dev.fulcrum.db.testing.TestPostgres;
import dev.fulcrum.testing.ChildFulcrum;
import dev.fulcrum.testing.Resources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fulcrum serve --db jdbc:postgresql://...} as a user runs it, in a process of its own: the password comes
 * from {@code FULCRUM_DB_PASSWORD}, never a flag, and the instance is known by its host name and admin port.
 */
@ExtendWith(TestPostgres.class)
class ServeOnPostgresTest {

    @RegisterExtension
    final Resources running = new Resources();

    @TempDir
    Path dir;

    @Test
    void servesWithThePasswordFromTheEnvironmentAndListsItselfByHostAndPort(PostgresServer postgres)
            throws Exception {
        DatabaseSettings database = postgres.newDatabase();
        ChildFulcrum child = running.add(ChildFulcrum.start(List.of("--db", database.jdbcUrl(), "--db-user",
                database.user()), Map.of("FULCRUM_DB_PASSWORD", database.password()), dir.resolve("serve.log")));

        AdminClient.Reply instances = new AdminClient(child.adminPort(), null).get("/api/instances");
        assertThat(instances.status()).isEqualTo(200);
        assertThat(instances.json().get(0).get("id").asText()).endsWith(":" + child.adminPort());
        String log = Files.readString(child.log(), StandardCharsets.UTF_8);
        assertThat(log).contains("database " + database.jdbcUrl()).doesNotContain(database.password());
    }

    @Test
    void withoutThePasswordServeExitsWithOneLine(PostgresServer postgres) {
        DatabaseSettings database = postgres.newDatabase();

        assertThatThrownBy(() -> ChildFulcrum.start(List.of("--db", database.jdbcUrl(), "--db-user", database.user()),
                Map.of(), dir.resolve("refused.log")))
                .hasMessageContaining("exited with 1")
                .hasMessageContaining("serve: cannot open database " + database.jdbcUrl() + ": ")
                .hasMessageContaining("password");
    }

    @Test
    void aPasswordTheUrlCarriesIsNeverPrinted(PostgresServer postgres) throws Exception {
        DatabaseSettings database = postgres.newDatabase();
        String login = database.jdbcUrl() + "?user=" + database.user() + "&password=";

        ChildFulcrum child = running.add(ChildFulcrum.start(List.of("--db", login + database.password()), Map.of(),
                dir.resolve("serve.log")));
        assertThat(Files.readString(child.log(), StandardCharsets.UTF_8)).contains("database " + login + "***")
                .doesNotContain(database.password());

        assertThatThrownBy(() -> ChildFulcrum.start(List.of("--db", login + "not-" + database.password()), Map.of(),
                dir.resolve("refused.log")))
                .hasMessageContaining("serve: cannot open database " + login + "***: ")
                .hasMessageNotContaining(database.password());
    }
}
