package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which headers pass from one side to the other (a backend's response headers to the client, row by row; a client's request headers to the backend by the same rules). */
class HeaderFilterTest {

    /** Jetty's hop-by-hop list, as the proxy servlet hands it to the filter. */
    private static final Set<String> HOP_BY_HOP = new ProxyServlet() {
        Set<String> hopHeaders() {
            return HOP_HEADERS;
        }
    }.hopHeaders();

    @ParameterizedTest(name = "{0} (own Server {1}) -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "Content-Type: text/plain; X-Kept: yes                         | false | Content-Type: text/plain; X-Kept: yes",
        "Connection: keep-alive; Keep-Alive: timeout=5; X-Kept: yes    | false | X-Kept: yes",
        "TE: trailers; Upgrade: h2c; Proxy-Connection: keep-alive      | false | null",
        "Transfer-Encoding: chunked; Trailer: X-T; X-Kept: yes         | false | X-Kept: yes",
        "Connection: close; X-Kept: yes                                | false | X-Kept: yes",
        "Connection: keep-alive, X-Secret; X-Secret: 1; X-Kept: yes    | false | X-Kept: yes",
        "Connection: X-One; Connection: x-two; X-One: 1; X-Two: 2      | false | null",
        "Server: backend/1.0; X-Kept: yes                              | false | Server: backend/1.0; X-Kept: yes",
        "Server: backend/1.0; X-Kept: yes                              | true  | X-Kept: yes",
    })
    void passesOnlyEndToEndHeaders(String backendHeaders, boolean ownServerHeader, String expected) {
        HttpFields.Mutable headers = HttpFields.build();
        for (String header : fields(backendHeaders)) {
            String[] nameValue = header.split(": ", 2);
            headers.add(nameValue[0], nameValue[1]);
        }
        HeaderFilter filter = new HeaderFilter(HOP_BY_HOP, ownServerHeader);

        Set<String> named = HeaderFilter.connectionNamed(headers);
        List<String> passed = new ArrayList<>();
        for (HttpField field : headers) {
            if (filter.passes(field, named)) {
                passed.add(field.getName() + ": " + field.getValue());
            }
        }
        assertThat(passed).containsExactlyElementsOf(fields(expected));
    }

    private static List<String> fields(String list) {
        List<String> fields = new ArrayList<>();
        if (list != null) {
            for (String field : list.split("; ")) {
                fields.add(field.trim());
            }
        }
        return fields;
    }
}
