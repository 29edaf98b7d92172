package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a backend is told about the client, row by row: the client's headers (as copied onto the backend request),
 * whether it is a trusted proxy, and the headers the backend gets.
 */
class ForwardedHeadersTest {

    @ParameterizedTest(name = "{0} ({1}, Host {2}) -> {3}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        // Anyone: its claims are replaced or removed.
        "                                               | untrusted | a.test | X-Forwarded-For: 10.0.0.9; X-Forwarded-Proto: http; X-Forwarded-Host: a.test",
        "X-Forwarded-For: 6.6.6.6                       | untrusted | a.test | X-Forwarded-For: 10.0.0.9; X-Forwarded-Proto: http; X-Forwarded-Host: a.test",
        "X-Forwarded-Proto: https                       | untrusted | a.test | X-Forwarded-Proto: http; X-Forwarded-For: 10.0.0.9; X-Forwarded-Host: a.test",
        "X-Forwarded-Host: evil.test                    | untrusted | a.test | X-Forwarded-Host: a.test; X-Forwarded-For: 10.0.0.9; X-Forwarded-Proto: http",
        "X-Forwarded-Host: evil.test                    | untrusted | null   | X-Forwarded-For: 10.0.0.9; X-Forwarded-Proto: http",
        "Forwarded: for=6.6.6.6; X-Real-IP: 6.6.6.6     | untrusted | a.test | X-Forwarded-For: 10.0.0.9; X-Forwarded-Proto: http; X-Forwarded-Host: a.test",
        "X-Forwarded-Port: 1; X-Forwarded-Server: x     | untrusted | a.test | X-Forwarded-For: 10.0.0.9; X-Forwarded-Proto: http; X-Forwarded-Host: a.test",
        "X-Kept: yes                                    | untrusted | a.test | X-Kept: yes; X-Forwarded-For: 10.0.0.9; X-Forwarded-Proto: http; X-Forwarded-Host: a.test",
        // A trusted proxy: its chain is extended, its scheme and host kept, its other claims passed on.
        "X-Forwarded-For: 6.6.6.6, 7.7.7.7              | trusted   | a.test | X-Forwarded-For: 6.6.6.6, 7.7.7.7, 10.0.0.9; X-Forwarded-Proto: http; X-Forwarded-Host: a.test",
        "X-Forwarded-Proto: https                       | trusted   | a.test | X-Forwarded-Proto: https; X-Forwarded-For: 10.0.0.9; X-Forwarded-Host: a.test",
        "X-Forwarded-Host: public.test                  | trusted   | a.test | X-Forwarded-Host: public.test; X-Forwarded-For: 10.0.0.9; X-Forwarded-Proto: http",
        "Forwarded: for=6.6.6.6; X-Real-IP: 6.6.6.6     | trusted   | a.test | Forwarded: for=6.6.6.6; X-Real-IP: 6.6.6.6; X-Forwarded-For: 10.0.0.9; X-Forwarded-Proto: http; X-Forwarded-Host: a.test",
    })
    void theBackendIsToldWhoTheClientIs(String clientHeaders, String trust, String host, String expected) {
        HttpFields.Mutable headers = sentByClient(clientHeaders);
        boolean trusted = trust.equals("trusted");
        String forwardedFor = trusted ? headers.get(ForwardedHeaders.FORWARDED_FOR) : null;

        ForwardedHeaders.apply(headers, "10.0.0.9", trusted, forwardedFor, "http", host, "rid-1");

        List<String> sent = new ArrayList<>();
        for (HttpField field : headers) {
            sent.add(field.getName() + ": " + field.getValue());
        }
        List<String> wanted = new ArrayList<>(fields(expected));
        wanted.add("X-Request-Id: rid-1");
        assertThat(sent).containsExactlyInAnyOrderElementsOf(wanted);
    }

    @ParameterizedTest(name = "over TLS: {0} ({1}) -> {2}")
    @CsvSource(delimiter = '|', value = {
        // The scheme is the connection's: https for a request that came over TLS, whatever the client claims.
        "                                               | untrusted | https",
        "X-Forwarded-Proto: http                        | untrusted | https",
        // A trusted proxy says how its own client came, which may differ from how it reached Fulcrum.
        "X-Forwarded-Proto: http                        | trusted   | http",
        "                                               | trusted   | https",
    })
    void aRequestOverTlsIsForwardedAsHttps(String clientHeaders, String trust, String proto) {
        HttpFields.Mutable headers = sentByClient(clientHeaders);

        ForwardedHeaders.apply(headers, "10.0.0.9", trust.equals("trusted"), null, "https", "a.test", "rid-1");

        assertThat(headers.getValuesList(ForwardedHeaders.FORWARDED_PROTO)).containsExactly(proto);
    }

    /** The client's headers, as copied onto the backend request. */
    private static HttpFields.Mutable sentByClient(String list) {
        HttpFields.Mutable headers = HttpFields.build();
        for (String header : fields(list)) {
            String[] nameValue = header.split(": ", 2);
            headers.add(nameValue[0], nameValue[1]);
        }
        return headers;
    }

    private static List<String> fields(String list) {
        List<String> fields = new ArrayList<>();
        if (list != null) {
            for (String field : list.split("; ")) {
                if (!field.isBlank()) {
                    fields.add(field.trim());
                }
            }
        }
        return fields;
    }
}
