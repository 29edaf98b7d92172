package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The decision table of Go's CrossOriginProtection, as the admin port applies it. */
class CrossOriginProtectionTest {

    @ParameterizedTest(name = "{0} Sec-Fetch-Site={1} Origin={2} Host={3} -> {4}")
    @CsvSource(nullValues = "-", value = {
        // safe methods always pass
        "GET,     cross-site,  http://evil.example,  127.0.0.1:8081, pass",
        "HEAD,    cross-site,  -,                    127.0.0.1:8081, pass",
        "OPTIONS, cross-site,  http://evil.example,  127.0.0.1:8081, pass",
        // Sec-Fetch-Site decides when present, whatever Origin says
        "POST,    same-origin, -,                    127.0.0.1:8081, pass",
        "POST,    none,        -,                    127.0.0.1:8081, pass",
        "DELETE,  Same-Origin, http://evil.example,  127.0.0.1:8081, pass",
        "POST,    same-site,   http://127.0.0.1:8081, 127.0.0.1:8081, refuse",
        "PATCH,   cross-site,  -,                    127.0.0.1:8081, refuse",
        "PUT,     nonsense,    -,                    127.0.0.1:8081, refuse",
        "POST,    '',          -,                    127.0.0.1:8081, pass",
        "POST,    '',          http://evil.example,  127.0.0.1:8081, refuse",
        // without it, Origin must match Host
        "POST,    -,           http://127.0.0.1:8081, 127.0.0.1:8081, pass",
        "POST,    -,           http://LOCALHOST:8081, localhost:8081, pass",
        "POST,    -,           http://127.0.0.1:8082, 127.0.0.1:8081, refuse",
        "POST,    -,           http://evil.example,  127.0.0.1:8081, refuse",
        "POST,    -,           null,                 127.0.0.1:8081, refuse",
        "POST,    -,           not a url,            127.0.0.1:8081, refuse",
        "DELETE,  -,           http://127.0.0.1:8081, -,             refuse",
        // neither header: curl, scripts, or same-origin in an old browser
        "POST,    -,           -,                    127.0.0.1:8081, pass",
        "DELETE,  -,           -,                    -,              pass",
    })
    void decides(String method, String secFetchSite, String origin, String host, String expected) {
        String refusal = CrossOriginProtection.refusal(method, secFetchSite, origin, host);

        assertThat(refusal == null ? "pass" : "refuse").isEqualTo(expected);
        if (refusal != null) {
            assertThat(refusal).startsWith("cross-origin request refused");
        }
    }
}
