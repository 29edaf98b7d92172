package dev.fulcrum.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.db.Database;
import dev.fulcrum.db.DeliveryRecord;
import dev.fulcrum.db.NewWebhook;
import dev.fulcrum.db.WebhookRecord;
import dev.fulcrum.health.EventState;
import dev.fulcrum.health.HealthEvent;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.testing.WebhookReceiver;
import dev.fulcrum.time.ManualTime;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dispatcher against a real H2 and real local receivers, on a test clock: retries, restarts, coalescing. */
class WebhookDispatcherTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Backend BACKEND = new Backend(7, "app-1", URI.create("http://127.0.0.1:5001"), 1, true);

    private final ManualTime time = new ManualTime();
    private Database database;
    private WebhookDispatcher dispatcher;
    private WebhookReceiver receiver;

    @BeforeEach
    void open() throws Exception {
        database = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void close() throws Exception {
        if (dispatcher != null) {
            dispatcher.close();
        }
        receiver.close();
        database.close();
    }

    private WebhookRecord webhook(String url, String events) {
        return database.webhooks().create(new NewWebhook(url, events, "a secret of sixteen", true));
    }

    private WebhookDispatcher started() throws Exception {
        dispatcher = new WebhookDispatcher(database.webhooks(), time, Duration.ofDays(7));
        dispatcher.start();
        return dispatcher;
    }

    private void event(EventState from, EventState to) {
        dispatcher.changed(new HealthEvent(BACKEND.id(), time.now(), from, to, "active: " + to.label()), BACKEND);
    }

    private List<DeliveryRecord> deliveries(WebhookRecord webhook) {
        return database.webhooks().deliveries(webhook.id(), null, 100);
    }

    private static JsonNode json(WebhookReceiver.Delivery delivery) throws Exception {
        return JSON.readTree(delivery.body());
    }

    @Test
    void aReceiverFailingThreeTimesThenSucceedingGetsTheEventExactlyOnceMoreAfterBackoff() throws Exception {
        WebhookRecord hook = webhook(receiver.answering(500, 503, 500).url(), "all");
        started();
        event(EventState.UP, EventState.DOWN);

        await().until(() -> deliveries(hook).size() == 1 && deliveries(hook).get(0).tries().size() == 1);
        // Not before its backoff: 5 s, then 10 s, then 20 s on the test clock.
        for (Duration wait : List.of(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20))) {
            int before = receiver.received().size();
            time.advance(wait.minusMillis(1));
            await().during(Duration.ofMillis(300)).until(() -> receiver.received().size() == before);
            time.advance(Duration.ofMillis(1));
            await().until(() -> receiver.received().size() == before + 1);
            await().until(() -> deliveries(hook).get(0).tries().size() == before + 1);
        }
        time.advance(Duration.ofHours(2));
        await().during(Duration.ofMillis(300)).until(() -> receiver.received().size() == 4);

        DeliveryRecord delivery = deliveries(hook).get(0);
        assertThat(delivery.state()).isEqualTo(DeliveryRecord.DELIVERED);
        assertThat(delivery.tries()).extracting(t -> t.status()).containsExactly(500, 503, 500, 204);
        assertThat(delivery.tries().get(0).error()).isEqualTo("HTTP 500");
        assertThat(delivery.tries().get(3).error()).isNull();
        // Every try is the same event: one id, one body.
        assertThat(receiver.received()).extracting(WebhookReceiver.Delivery::text).containsOnly(
                receiver.received().get(0).text());
        assertThat(json(receiver.received().get(0)).get("id").asText()).isEqualTo(delivery.eventId());
        assertThat(receiver.received().get(0).header("X-Fulcrum-Delivery")).isEqualTo(delivery.eventId());
    }

    @Test
    void aRestartBetweenTriesLosesNoPendingDelivery() throws Exception {
        WebhookRecord hook = webhook(receiver.answering(500).url(), "down");
        started();
        event(EventState.UP, EventState.DOWN);
        await().until(() -> deliveries(hook).size() == 1 && deliveries(hook).get(0).tries().size() == 1);
        dispatcher.close();
        dispatcher = null;

        time.advance(Duration.ofSeconds(5));
        started();

        await().until(() -> receiver.received().size() == 2);
        await().until(() -> DeliveryRecord.DELIVERED.equals(deliveries(hook).get(0).state()));
        assertThat(receiver.received().get(1).text()).isEqualTo(receiver.received().get(0).text());
    }

    @Test
    void anEventStoredButNotYetTriedIsSentAfterARestart() throws Exception {
        WebhookRecord hook = webhook(receiver.hanging().url(), "down");
        started();
        event(EventState.UP, EventState.DOWN);
        await().until(() -> receiver.received().size() == 1);
        // Stopped while its first try hangs: nothing about the try is stored, only the delivery.
        dispatcher.close();
        dispatcher = null;
        assertThat(deliveries(hook)).singleElement().satisfies(d -> assertThat(d.tries()).isEmpty());
        receiver.close();
        receiver = new WebhookReceiver();
        database.webhooks().update(hook.id(), new dev.fulcrum.db.WebhookChanges(
                dev.fulcrum.db.Change.set(receiver.url()), dev.fulcrum.db.Change.keep(),
                dev.fulcrum.db.Change.keep(), dev.fulcrum.db.Change.keep()));

        time.advance(WebhookDispatcher.LEASE);
        started();

        await().until(() -> receiver.received().size() == 1);
        assertThat(json(receiver.received().get(0)).get("event").asText()).isEqualTo("down");
        await().until(() -> DeliveryRecord.DELIVERED.equals(deliveries(hook).get(0).state()));
    }

    @Test
    void aFlappingBackendsEventsAreCoalescedIntoOneDeliveryThatSaysHowMany() throws Exception {
        WebhookRecord hook = webhook(receiver.url(), "all");
        started();
        event(EventState.UP, EventState.DOWN);
        await().until(() -> receiver.received().size() == 1);

        time.advance(Duration.ofSeconds(1));
        event(EventState.DOWN, EventState.UP);
        time.advance(Duration.ofSeconds(1));
        event(EventState.UP, EventState.DOWN);
        time.advance(Duration.ofSeconds(1));
        event(EventState.DOWN, EventState.UP);
        await().until(() -> deliveries(hook).size() == 2 && deliveries(hook).get(0).coalesced() == 3);
        await().during(Duration.ofMillis(300)).until(() -> receiver.received().size() == 1);

        time.advance(WebhookDispatcher.COALESCE_WINDOW);
        await().until(() -> receiver.received().size() == 2);

        JsonNode first = json(receiver.received().get(0));
        JsonNode folded = json(receiver.received().get(1));
        assertThat(first.get("coalesced").asInt()).isEqualTo(1);
        assertThat(folded.get("coalesced").asInt()).isEqualTo(3);
        assertThat(folded.get("event").asText()).isEqualTo("up");
        assertThat(folded.get("from").asText()).isEqualTo("down");
        assertThat(folded.get("to").asText()).isEqualTo("up");
        assertThat(folded.get("events").findValuesAsText("event")).containsExactly("up", "down", "up");
        assertThat(folded.get("backend").get("name").asText()).isEqualTo("app-1");
    }

    @Test
    void aWebhookGetsOnlyTheEventsItWants() throws Exception {
        WebhookRecord hook = webhook(receiver.url(), "down,removed");
        started();
        event(EventState.UNKNOWN, EventState.UP);
        event(EventState.UP, EventState.DOWN);

        await().until(() -> receiver.received().size() == 1);
        await().during(Duration.ofMillis(300)).until(() -> receiver.received().size() == 1);
        assertThat(json(receiver.received().get(0)).get("event").asText()).isEqualTo("down");
        assertThat(deliveries(hook)).hasSize(1);
    }

    @Test
    void aHangingReceiverHoldsBackNoOtherAndIsTriedAgainAfterItsTimeout() throws Exception {
        WebhookReceiver hanging = new WebhookReceiver().hanging();
        try {
            WebhookRecord stuck = webhook(hanging.url(), "all");
            webhook(receiver.url(), "all");
            started();
            event(EventState.UP, EventState.DOWN);

            await().until(() -> receiver.received().size() == 1 && hanging.received().size() == 1);
            // The other receiver has its event while the first try to the hanging one is still under way.
            assertThat(deliveries(stuck)).singleElement().satisfies(d -> assertThat(d.tries()).isEmpty());

            await().atMost(Duration.ofSeconds(15)).until(() -> deliveries(stuck).get(0).tries().size() == 1);
            DeliveryRecord delivery = deliveries(stuck).get(0);
            assertThat(delivery.tries().get(0).status()).isZero();
            assertThat(delivery.tries().get(0).error()).isEqualTo("timeout after 5s");
            assertThat(delivery.state()).isEqualTo(DeliveryRecord.PENDING);
            assertThat(delivery.nextAttemptAt()).isEqualTo(time.now().plus(Backoff.FIRST));
        } finally {
            hanging.close();
        }
    }

    @Test
    void aReceiverThatResetsTheConnectionIsTriedAgainAfterBackoff() throws Exception {
        AtomicInteger resets = new AtomicInteger();
        try (ServerSocket resetting = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!resetting.isClosed()) {
                    try (Socket client = resetting.accept()) {
                        client.getInputStream().read(new byte[512]);
                        client.setSoLinger(true, 0); // closing now sends a TCP reset
                        resets.incrementAndGet();
                    } catch (Exception closed) {
                        return;
                    }
                }
            }, "resetting-receiver");
            acceptor.setDaemon(true);
            acceptor.start();
            WebhookRecord hook = webhook("http://127.0.0.1:" + resetting.getLocalPort() + "/hook", "all");
            started();
            event(EventState.UP, EventState.DOWN);

            await().until(() -> deliveries(hook).size() == 1 && deliveries(hook).get(0).tries().size() == 1);
            DeliveryRecord delivery = deliveries(hook).get(0);
            assertThat(delivery.tries().get(0).status()).isZero();
            assertThat(delivery.tries().get(0).error()).isNotBlank();
            assertThat(delivery.state()).isEqualTo(DeliveryRecord.PENDING);

            time.advance(Backoff.FIRST);
            await().until(() -> deliveries(hook).get(0).tries().size() == 2);
            assertThat(resets.get()).isEqualTo(2);
        }
    }
}
