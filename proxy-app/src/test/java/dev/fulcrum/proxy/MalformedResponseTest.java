package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.http.BadMessageException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What was malformed about a backend's response, in the few words of a log line, and what is not malformed. */
class MalformedResponseTest {

    @ParameterizedTest(name = "{0}, head received {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
        "malformed,      false, Bad status",
        "malformed,      true,  Bad status",
        "head-too-large, false, response head larger than --max-response-header-size",
        "eof,            true,  body cut short or badly framed",
        "eof,            false, null",
        "refused,        false, null",
        "timeout,        true,  null",
        "reset,          true,  null",
    })
    void reason(String failure, boolean headReceived, String reason) {
        assertThat(MalformedResponse.reason(Failures.named(failure), headReceived)).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "null", value = {"null", "Illegal\u0001character\nx"})
    void aReasonIsOneLineOfPlainText(String parserReason) {
        String reason = MalformedResponse.reason(new BadMessageException(400, parserReason), false);

        assertThat(reason).isNotNull().doesNotContain("\n", "\u0001");
    }

    @org.junit.jupiter.api.Test
    void aLongReasonIsCut() {
        assertThat(MalformedResponse.reason(new BadMessageException(400, "x".repeat(500)), false)).hasSize(120);
    }
}
