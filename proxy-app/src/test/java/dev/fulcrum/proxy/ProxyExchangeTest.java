package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.BackendLoad;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.pool.Route;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests in flight follow the exchange's transitions: each attempt counts once, until the next or the end. */
class ProxyExchangeTest {

    private final BackendPool pool = new BackendPool();
    private final ProxyExchange exchange = new ProxyExchange(false, ExpectContinue.Handling.NONE, false);

    ProxyExchangeTest() {
        pool.replaceAll(List.of(new Backend(1, "b1", URI.create("http://127.0.0.1:5001"), 1, true),
                new Backend(2, "b2", URI.create("http://127.0.0.1:5002"), 1, true)));
    }

    private Route route(int index) {
        return pool.routingTable().route(index);
    }

    private BackendLoad load(long id) {
        return pool.load(id);
    }

    @Test
    void anAttemptCountsUntilTheNextAttemptAndTheLastUntilTheEnd() {
        exchange.attempt(route(0));
        assertThat(load(1).inFlight()).isEqualTo(1);

        exchange.attempt(route(1));
        assertThat(load(1).inFlight()).isZero();
        assertThat(load(2).inFlight()).isEqualTo(1);

        exchange.ended();
        assertThat(load(2).inFlight()).isZero();
        assertThat(load(1).lastMinute()).isEqualTo(1);
        assertThat(load(2).lastMinute()).isEqualTo(1);
    }

    @Test
    void anExchangeEndsOnceHoweverOftenItIsEnded() {
        exchange.attempt(route(0));
        exchange.ended();
        exchange.ended();
        assertThat(load(1).inFlight()).isZero();
    }

    @Test
    void anExchangeThatEndedBeforeItsFirstAttemptCountsNothing() {
        exchange.ended();
        exchange.attempt(route(0));
        assertThat(load(1).inFlight()).isZero();
        assertThat(exchange.backend().id()).isEqualTo(1);
    }
}
