package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retry decision table: whether a failed attempt may be replayed on another backend without the client noticing. */
class RetryPolicyTest {

    /** How far an attempt got, as the table says. */
    private record Progress(boolean responseBegun, boolean bodyStarted) implements RetryPolicy.ExchangeProgress {
    }

    @ParameterizedTest(name = "{0} after {1}, response begun {2}, body read {3}, idempotent writes {4} -> {5}")
    @CsvSource({
        // A backend that never saw the request: always.
        "GET,    refused,         false, false, false, true",
        "POST,   refused,         false, false, false, true",
        "POST,   connect-timeout, false, false, false, true",
        "POST,   tls-untrusted,   false, false, false, true",
        // Reset or closed before a response: any method, since no body had been read.
        "POST,   reset,           false, false, false, true",
        "GET,    eof,             false, false, false, true",
        // Took the request and did not answer in time: only what is idempotent.
        "GET,    timeout,         false, false, false, true",
        "HEAD,   timeout,         false, false, false, true",
        "OPTIONS, timeout,        false, false, false, true",
        "POST,   timeout,         false, false, false, false",
        "PATCH,  timeout,         false, false, false, false",
        "PUT,    timeout,         false, false, false, false",
        "DELETE, timeout,         false, false, false, false",
        "PUT,    timeout,         false, false, true,  true",
        "DELETE, timeout,         false, false, true,  true",
        // The backend answered, wrongly: never.
        "GET,    malformed,       false, false, false, false",
        "GET,    head-too-large,  false, false, true,  false",
        // The client saw part of the response, or part of its body is gone: never.
        "GET,    refused,         true,  false, false, false",
        "GET,    reset,           true,  false, false, false",
        "POST,   refused,         false, true,  false, false",
        "PUT,    timeout,         false, true,  true,  false",
    })
    void decides(String method, String failure, boolean responseBegun, boolean bodyStarted, boolean idempotentWrites,
                 boolean retried) {
        RetryPolicy.ExchangeProgress progress = new Progress(responseBegun, bodyStarted);

        assertThat(new RetryPolicy(idempotentWrites).canRetry(method, Failures.named(failure), progress))
                .isEqualTo(retried);
    }
}
