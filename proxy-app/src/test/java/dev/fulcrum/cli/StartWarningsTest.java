package dev.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** What a start warns about: a token that would travel in clear text, and backends whose certificates go unchecked. */
class StartWarningsTest {

    @ParameterizedTest(name = "--admin-host {0}, --admin-tls {1} -> warned {2}")
    @CsvSource({
        "0.0.0.0,   false, true",
        "0.0.0.0,   true,  false",
        "127.0.0.1, false, false",
        "::1,       false, false",
    })
    void aTokenSentFromOtherHostsInClearTextIsWarnedAbout(String host, boolean adminTls, boolean warned) {
        ControlPlaneOptions options = new ControlPlaneOptions();
        new CommandLine(options).parseArgs("--admin-host", host, "--admin-port", "9443");

        try (LogCapture log = new LogCapture(ControlPlaneOptions.class)) {
            options.warnIfTokenTravelsInClear(adminTls);

            assertThat(log.messages()).hasSize(warned ? 1 : 0);
            if (warned) {
                assertThat(log.messages().get(0)).isEqualTo("WARN the admin API on 0.0.0.0:9443 is reachable from "
                        + "other hosts over plain HTTP, so its token travels in clear text: add --admin-tls (with "
                        + "--tls-cert and --tls-key), or keep it on 127.0.0.1");
            }
        }
    }

    @Test
    void uncheckedBackendCertificatesAreWarnedAbout() {
        TlsOptions options = new TlsOptions();
        new CommandLine(options).parseArgs("--backend-tls-insecure");

        try (LogCapture log = new LogCapture(TlsOptions.class)) {
            options.warnIfBackendsGoUnchecked();
            new TlsOptions().warnIfBackendsGoUnchecked();

            assertThat(log.messages()).containsExactly("WARN --backend-tls-insecure: certificates of https:// "
                    + "backends are not checked, so anyone on the way to a backend can read and change its traffic");
        }
    }
}
