package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The form of Fulcrum's own error bodies: JSON when the client prefers it, otherwise one line of text. */
class ErrorResponseTest {

    @ParameterizedTest(name = "Accept: {0} -> JSON {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "null                                        | false",
        "*/*                                         | false",
        "text/html                                   | false",
        "application/json                            | true",
        "application/problem+json                    | true",
        "application/json, text/plain                | true",
        "text/plain, application/json                | false",
        "text/html;q=0.9, application/json           | false",
        "application/xml                             | false",
        "application/vnd.api+json, text/html         | true",
    })
    void wantsJson(String accept, boolean json) {
        assertThat(ErrorResponse.wantsJson(accept)).isEqualTo(json);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "400 | 400 Bad Request: malformed or ambiguous request (request r1)",
        "413 | 413 Payload Too Large: request body too large (request r1)",
        "502 | 502 Bad Gateway: no backend could serve the request (request r1)",
        "503 | 503 Service Unavailable: no backend available (request r1)",
        "504 | 504 Gateway Timeout: backend did not answer in time (request r1)",
    })
    void theTextBodyNamesTheStatusAndTheRequest(int status, String line) {
        ErrorResponse error = ErrorResponse.of(status, "r1", "text/html");

        assertThat(new String(error.body(), StandardCharsets.UTF_8)).isEqualTo(line + "\n");
        assertThat(error.contentType()).isEqualTo("text/plain;charset=utf-8");
    }

    @org.junit.jupiter.api.Test
    void theJsonBodyEscapesTheRequestId() {
        ErrorResponse error = ErrorResponse.of(503, "a\"<b>", "application/json");

        assertThat(new String(error.body(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"error\":\"no backend available\",\"status\":503,\"requestId\":\"a\\\"\\u003cb\\u003e\"}\n");
    }
}
