package dev.fulcrum.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.admin.AdminClient;
import dev.fulcrum.db.DatabaseSettings;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.testing.Resources;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Without any notice (H2 sends none), the check of the latest revision every second is what brings one instance's
 * change to another sharing the database: two servers in this JVM on one in-memory H2.
 */
class PeriodicCheckTest {

    @RegisterExtension
    final Resources running = new Resources();

    @Test
    void aChangeReachesAnInstanceThatHearsNoNotices() throws Exception {
        DatabaseSettings shared = new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", "");
        FulcrumServer a = running.add(TestServers.start(TestServers.fastChecks(), shared, "a:1", null, List.of()));
        FulcrumServer b = running.add(TestServers.start(TestServers.fastChecks(), shared, "b:1", null, List.of()));

        AdminClient.Reply created = new AdminClient(a.adminPort(), null).post("/api/backends",
                "{\"name\": \"quiet\", \"url\": \"" + TestServers.local(TestServers.closedPort()) + "\"}");
        assertThat(created.status()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(b.pool().backends())
                .extracting(Backend::name).containsExactly("quiet"));
    }
}
