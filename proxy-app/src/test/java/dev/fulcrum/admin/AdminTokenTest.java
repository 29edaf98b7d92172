package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With an admin token configured, every /api call needs it; /healthz stays open for liveness probes. */
class AdminTokenTest {

    private static final String TOKEN = "s3cret-token-for-tests";

    private FulcrumServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.startInMemory(TOKEN, List.of());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void apiCallsWithoutTheRightTokenAre401AndChangeNothing() {
        for (String token : new String[] {null, "wrong", TOKEN + "x", TOKEN.substring(1)}) {
            AdminClient api = new AdminClient(server.adminPort(), token);
            AdminClient.Reply list = api.get("/api/backends");
            AdminClient.Reply create = api.post("/api/backends", "{\"url\": \"http://127.0.0.1:1\"}");
            assertThat(list.status()).as("token %s", token).isEqualTo(401);
            assertThat(list.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(list.error()).contains("admin token");
            assertThat(create.status()).isEqualTo(401);
        }
        AdminClient basic = new AdminClient(server.adminPort(), null);
        assertThat(basic.send(HttpRequest.newBuilder(URI.create(basic.base() + "/api/backends"))
                .header("Authorization", "Basic " + TOKEN).build()).status()).isEqualTo(401);
        assertThat(new AdminClient(server.adminPort(), TOKEN).get("/api/backends").json()).isEmpty();
    }

    @Test
    void theRightTokenIsAccepted() {
        AdminClient api = new AdminClient(server.adminPort(), TOKEN);
        assertThat(api.post("/api/backends", "{\"url\": \"http://127.0.0.1:1\"}").status()).isEqualTo(201);
        assertThat(api.get("/api/backends").json()).hasSize(1);
        assertThat(api.get("/api/openapi.json").status()).isEqualTo(200);
    }

    @Test
    void healthzNeedsNoToken() {
        assertThat(new AdminClient(server.adminPort(), null).get("/healthz").status()).isEqualTo(200);
    }
}
