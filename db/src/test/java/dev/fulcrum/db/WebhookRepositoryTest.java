package dev.fulcrum.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.db.testing.BothDatabases;
import dev.fulcrum.db.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Webhooks and their deliveries (V4) on H2 and PostgreSQL: stored and changed, a delivery kept with each try, due
 * ones found, pages of deliveries, finished ones pruned, and a webhook's removal taking its deliveries along; a
 * webhook removed in a change keeps its secret in a tombstone (V7) for a revert or a restore.
 */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(BothDatabases.class)
class WebhookRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");

    @Parameter
    TestDatabase kind;

    private Database database;
    private WebhookRepository webhooks;

    @BeforeEach
    void open() {
        database = Database.open(kind.fresh(), new MutableClock(T0));
        webhooks = database.webhooks();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aWebhookIsStoredChangedAndRemovedWithItsDeliveries() {
        WebhookRecord stored = webhooks.create(new NewWebhook("http://127.0.0.1:9/hook", "down,up", null, true));
        assertThat(webhooks.find(stored.id())).hasValue(stored);

        WebhookRecord changed = webhooks.update(stored.id(), new WebhookChanges(Change.keep(), Change.set("all"),
                Change.set("a secret of sixteen or more"), Change.set(false))).orElseThrow();
        assertThat(changed.events()).isEqualTo("all");
        assertThat(changed.secret()).isEqualTo("a secret of sixteen or more");
        assertThat(changed.enabled()).isFalse();
        assertThat(webhooks.update(999, new WebhookChanges(Change.keep(), Change.keep(), Change.clear(),
                Change.keep()))).isEmpty();

        DeliveryRecord delivery = webhooks.createDelivery(new NewDelivery(stored.id(), "e-1", "down", 7L, "{}", T0,
                T0));
        assertThat(webhooks.delete(stored.id())).isTrue();
        assertThat(webhooks.list()).isEmpty();
        assertThat(webhooks.delivery(delivery.id())).isEmpty();
        assertThat(webhooks.delete(stored.id())).isFalse();
    }

    /**
     * Runs {@code work} as a change recorded as touching webhook {@code id} (0 for none yet), as the admin API's
     * write path does.
     */
    private <T> T change(long id, Function<ConfigWrite, T> work) {
        return database.config().write(new Author("alice", null, null), null, change -> {
            T value = work.apply(change);
            change.touched(new Touched("webhook", id, null, "{}"));
            change.describe("webhook.test", "a webhook change", null);
            return value;
        }).value();
    }

    @Test
    void aRemovedWebhooksSecretIsKeptUntilItComesBackUnderItsIdOrNoRevisionTouchesIt() {
        String secret = "a secret of sixteen or more";
        WebhookRecord signed = change(0, c -> c.createWebhook(new NewWebhook("http://127.0.0.1:9/a", "all", secret,
                true)));
        WebhookRecord unsigned = change(0, c -> c.createWebhook(new NewWebhook("http://127.0.0.1:9/b", "up", null,
                true)));
        change(signed.id(), c -> c.deleteWebhook(signed.id()) && c.deleteWebhook(unsigned.id()));

        assertThat(database.config().read(r -> r.removedWebhookSecret(signed.id())).value()).hasValue(secret);
        assertThat(database.config().read(r -> r.removedWebhookSecret(unsigned.id())).value()).isEmpty();

        WebhookRecord back = change(signed.id(), c -> c.restoreWebhook(signed.id(),
                new NewWebhook(signed.url(), signed.events(), secret, true)));
        WebhookRecord next = webhooks.create(new NewWebhook("http://127.0.0.1:9/c", "all", null, true));

        assertThat(back.id()).isEqualTo(signed.id());
        assertThat(back.secret()).isEqualTo(secret);
        assertThat(next.id()).isGreaterThan(unsigned.id());
        assertThat(database.config().read(r -> r.removedWebhookSecret(signed.id())).value()).isEmpty();

        change(signed.id(), c -> c.deleteWebhook(signed.id()));
        assertThat(database.config().read(r -> r.removedWebhookSecret(signed.id())).value()).hasValue(secret);
        database.config().prune(T0.plusSeconds(1), 0, 100);
        assertThat(database.config().read(r -> r.removedWebhookSecret(signed.id())).value())
                .as("no revision left to bring it back").isEmpty();
    }

    @Test
    void deliveriesAreDueKeptWithTheirTriesPagedAndPruned() {
        long id = webhooks.create(new NewWebhook("http://127.0.0.1:9/hook", "all", null, true)).id();
        DeliveryRecord first = webhooks.createDelivery(new NewDelivery(id, "e-1", "down", 7L, "{\"a\":1}", T0, T0));
        DeliveryRecord second = webhooks.createDelivery(new NewDelivery(id, "e-2", "up", 8L, "{\"b\":2}", T0,
                T0.plusSeconds(60)));

        assertThat(webhooks.due(T0, 10)).extracting(DeliveryRecord::id).containsExactly(first.id());
        assertThat(webhooks.nextDue()).hasValue(T0);
        assertThat(webhooks.untried(id, 7L)).map(DeliveryRecord::id).hasValue(first.id());
        assertThat(webhooks.merge(first.id(), "up", "{\"a\":2}", 2)).isTrue();

        webhooks.attempted(new AttemptRecord(first.id(), T0.plusSeconds(1), 500, "HTTP 500", 12), "pending",
                T0.plusSeconds(30));
        webhooks.attempted(new AttemptRecord(first.id(), T0.plusSeconds(31), 204, null, 5), "delivered", null);

        List<DeliveryRecord> page = webhooks.deliveries(id, null, 1);
        assertThat(page).extracting(DeliveryRecord::id).containsExactly(second.id());
        DeliveryRecord done = webhooks.deliveries(id, second.id(), 10).get(0);
        assertThat(done.state()).isEqualTo("delivered");
        assertThat(done.coalesced()).isEqualTo(2);
        assertThat(done.tries()).extracting(AttemptRecord::status).containsExactly(500, 204);
        assertThat(webhooks.untried(id, 7L)).isEmpty();

        assertThat(webhooks.prune(T0.plusSeconds(3600), 100)).isEqualTo(1);
        assertThat(webhooks.deliveries(id, null, 10)).extracting(DeliveryRecord::id).containsExactly(second.id());
    }
}
