package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whose fault a failed exchange is: the client's, the backend's (a passive-health strike), or nobody's. */
class BlameTest {

    @ParameterizedTest(name = "{0}, client failed {1}, reading client {2}, response begun {3} -> {4}")
    @CsvSource({
        // The client's side failed first: whatever the exchange then died of is the client's.
        "refused,         true,  false, false, CLIENT",
        "timeout,         true,  false, false, CLIENT",
        "malformed,       true,  false, true,  CLIENT",
        // The deadline ran out while Fulcrum still waited for the client's body: the client stalled.
        "timeout,         false, true,  false, CLIENT",
        // Unreachable, or silent before answering: the backend's, a strike.
        "refused,         false, false, false, BACKEND",
        "connect-timeout, false, false, false, BACKEND",
        "timeout,         false, false, false, BACKEND",
        "refused,         false, true,  false, BACKEND",
        "tls-untrusted,   false, false, false, BACKEND",
        // It answered (wrongly, or then went quiet or away): nobody's, no strike.
        "timeout,         false, false, true,  NOBODY",
        "malformed,       false, false, false, NOBODY",
        "head-too-large,  false, false, false, NOBODY",
        "reset,           false, false, false, NOBODY",
        "eof,             false, false, true,  NOBODY",
    })
    void decides(String failure, boolean clientFailed, boolean awaitingClient, boolean responseBegun, Blame blame) {
        Throwable clientFailure = clientFailed ? new IOException("client went away") : null;

        assertThat(Blame.of(Failures.named(failure), clientFailure, awaitingClient, responseBegun)).isEqualTo(blame);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "body-too-large, 413",
        "malformed,      400",
        "timeout,        408",
        "eof,            400",
        "reset,          400",
    })
    void aClientsFailureIsAnsweredWithTheStatusItCarries(String failure, int status) {
        assertThat(Blame.clientStatus(Failures.named(failure))).isEqualTo(status);
    }

    @org.junit.jupiter.api.Test
    void theOutermostOfATimeoutAndARefusalDecides() {
        HttpException refusal = new BadMessageException(413, "too large");
        assertThat(Blame.clientStatus(new TimeoutException() {
            {
                initCause((Throwable) refusal);
            }
        })).isEqualTo(408);
        assertThat(Blame.clientStatus(new IOException((Throwable) refusal))).isEqualTo(413);
    }
}
