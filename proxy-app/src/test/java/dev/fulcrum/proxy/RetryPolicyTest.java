package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retry decision table: whether a failed attempt may be replayed on another backend without the client noticing. */
class RetryPolicyTest {

    /** How far an attempt got, as the table says. */
    private record Progress(boolean responseBegun, boolean bodyLost, boolean bodySent)
            implements RetryPolicy.ExchangeProgress {
    }

    @ParameterizedTest(name = "{0} after {1}, response begun {2}, body lost {3}, idempotent writes {4} -> {5}")
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
    void decides(String method, String failure, boolean responseBegun, boolean bodyLost, boolean idempotentWrites,
                 boolean retried) {
        RetryPolicy.ExchangeProgress progress = new Progress(responseBegun, bodyLost, false);

        assertThat(new RetryPolicy(idempotentWrites).canRetry(method, Failures.named(failure), progress))
                .isEqualTo(retried);
    }

    @ParameterizedTest(name = "{0} after {1} with its body {2} -> {3}")
    @CsvSource({
        // Cut off while its body was still on the way: the backend cannot have had the whole request.
        "POST,   reset,   kept in part,  true",
        "POST,   eof,     kept in part,  true",
        "PATCH,  reset,   kept in part,  true",
        // Its whole body sent, then reset: the backend may have acted on it, so only what is idempotent.
        "POST,   reset,   sent whole,    false",
        "POST,   eof,     sent whole,    false",
        "PUT,    reset,   sent whole,    false",
        "GET,    reset,   sent whole,    true",
        // Never reached the backend: replayed whatever the method.
        "POST,   refused, sent whole,    true",
        // Past the replay buffer: nothing can be sent again whole.
        "POST,   reset,   lost,          false",
        "GET,    refused, lost,          false",
    })
    void replaysAKeptBody(String method, String failure, String body, boolean retried) {
        RetryPolicy.ExchangeProgress progress = new Progress(false, body.equals("lost"), body.equals("sent whole"));

        assertThat(new RetryPolicy(false).canRetry(method, Failures.named(failure), progress)).isEqualTo(retried);
    }
}
