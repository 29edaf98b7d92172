package dev.fulcrum.pool;

import static dev.fulcrum.pool.Backends.backend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.time.TimeSource;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTest {

    private static Route route(Backend backend, String stickyCookie) {
        return new Route(backend, new BackendLoad(TimeSource.SYSTEM), 100, stickyCookie);
    }

    @Test
    void theTokenDependsOnlyOnTheBackendsIdAndUrl() {
        Backend one = backend(1);
        assertThat(route(one, null).token()).isEqualTo(route(one.withWeight(7).withDraining(true), "x").token());
        assertThat(route(one, null).token()).isNotEqualTo(route(backend(2), null).token());
        Backend moved = new Backend(1, "b1", URI.create("http://127.0.0.1:6001"), 1, true);
        assertThat(route(moved, null).token()).isNotEqualTo(route(one, null).token());
        Backend renumbered = new Backend(9, "b1", one.url(), 1, true);
        assertThat(route(renumbered, null).token()).isNotEqualTo(route(one, null).token());
    }

    @Test
    void theCookieCarriesTheTokenNotTheAddress() {
        Route route = route(backend(1), "srv");
        String cookie = route.setCookie(false);
        assertThat(cookie).isEqualTo("srv=" + Route.tokenText(route.token()) + "; Path=/; HttpOnly; SameSite=Lax");
        assertThat(cookie).doesNotContain("127.0.0.1", "5001", "b1");
        assertThat(route.setCookie(true)).isEqualTo(cookie + "; Secure");
        assertThat(route(backend(1), null).setCookie(false)).isNull();
    }

    @Test
    void aTokenReadsBackAsWritten() {
        long token = route(backend(1), null).token();
        String text = "x" + Route.tokenText(token) + "y";
        assertThat(Route.parseToken(text, 1, 17)).isEqualTo(token);
    }

    @ParameterizedTest
    @CsvSource({"0123456789abcdef, 81985529216486895", "ffffffffffffffff, -1", "0000000000000001, 1",
        "0123456789ABCDEF, 0", "0123456789abcde, 0", "0123456789abcdef0, 0", "0123456789abcdeg, 0", "'', 0",
        "+123456789abcdef, 0"})
    void onlySixteenLowerCaseHexDigitsAreAToken(String text, long token) {
        assertThat(Route.parseToken(text, 0, text.length())).isEqualTo(token);
    }
}
