package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which requests ask for a WebSocket (RFC 6455 4.1), and so may become a tunnel. */
class WebSocketUpgradeTest {

    @ParameterizedTest(name = "{0} {1}, Upgrade: {2}, Connection: {3} -> {4}")
    @CsvSource(nullValues = "none", delimiter = '|', value = {
        "GET  | HTTP/1.1 | websocket        | Upgrade             | true",
        "GET  | HTTP/1.1 | WebSocket        | upgrade             | true",
        "GET  | HTTP/1.1 | websocket        | keep-alive, Upgrade | true",
        "GET  | HTTP/1.1 | foo/2, websocket | Upgrade             | true",
        "POST | HTTP/1.1 | websocket        | Upgrade             | false",
        "GET  | HTTP/1.0 | websocket        | Upgrade             | false",
        "GET  | HTTP/2.0 | websocket        | Upgrade             | false",
        "GET  | HTTP/1.1 | websocket        | keep-alive          | false",
        "GET  | HTTP/1.1 | websocket        | none                | false",
        "GET  | HTTP/1.1 | h2c              | Upgrade             | false",
        "GET  | HTTP/1.1 | none             | Upgrade             | false",
        "GET  | HTTP/1.1 | websocketx       | Upgrade             | false",
    })
    void aWebSocketIsAskedForByAnHttp11GetUpgradingToIt(String method, String protocol, String upgrade,
                                                        String connection, boolean asked) {
        HttpFields.Mutable headers = HttpFields.build();
        if (upgrade != null) {
            headers.add(HttpHeader.UPGRADE, upgrade);
        }
        if (connection != null) {
            headers.add(HttpHeader.CONNECTION, connection);
        }

        assertThat(WebSocketUpgrade.requested(method, protocol, headers)).isEqualTo(asked);
    }
}
