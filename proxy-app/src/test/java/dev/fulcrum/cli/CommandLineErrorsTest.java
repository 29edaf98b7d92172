package dev.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.Fulcrum;
import dev.fulcrum.testing.TestCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every user mistake ends in one line on stderr naming the problem, a non-zero exit, and no stack trace. */
class CommandLineErrorsTest {

    @TempDir
    Path dir;

    record Outcome(int exitCode, String out, String err) {
    }

    /** Runs the command line; serve and demo get an in-memory database unless the test names one. */
    private static Outcome run(String... args) {
        if (args.length > 0 && (args[0].equals("serve") || args[0].equals("demo"))
                && Arrays.stream(args).noneMatch(arg -> arg.equals("--db") || arg.startsWith("--db="))) {
            args = Stream.concat(Arrays.stream(args), Stream.of("--db=jdbc:h2:mem:cli-" + UUID.randomUUID()))
                    .toArray(String[]::new);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Fulcrum.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    private static void assertOneLineError(Outcome outcome, int exitCode, String... fragments) {
        assertThat(outcome.exitCode()).isEqualTo(exitCode);
        assertThat(outcome.err().lines()).hasSize(1);
        assertThat(outcome.err()).contains(fragments).doesNotContain("Exception", "\tat ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "serve abc --backend http://127.0.0.1:5001     | 'abc' is not a port number",
        "serve 70000 --backend http://127.0.0.1:5001   | port 70000 is outside 1-65535",
        "serve 0 --backend http://127.0.0.1:5001       | port 0 is outside 1-65535",
        "serve --backend ftp://127.0.0.1:5001          | not an absolute http:// or https:// URL",
        "serve --backend 127.0.0.1:5001                | not an absolute http:// or https:// URL",
        "serve --backend http://                       | ",
        "serve --backend http://u:p@127.0.0.1:5001     | must not contain user info",
        "serve --backend http://127.0.0.1:5001/app     | must not contain a path",
        "serve --backend http://127.0.0.1:99999        | outside 1-65535",
        "serve --health-interval 5 --backend http://127.0.0.1:5001   | '5' is not a duration",
        "serve --no-such-flag                          | Unknown option: '--no-such-flag'",
        "serve --connect-timeout 0s                    | '0s' must be longer than zero",
        "serve --max-header-size 16XB                  | '16XB' is not a size",
        "serve --max-body 0                            | '0' must be larger than zero",
        "serve --trusted-proxies proxy.example         | 'proxy.example' is not an IP address or CIDR block",
        "serve --trusted-proxies 10.0.0.0/33           | '10.0.0.0/33' has a prefix length outside 0-32",
        "serve --retries two                           | Invalid value for option '--retries'",
        "serve --algorithm fastest                     | 'fastest' is not an algorithm; use one of round-robin, least-requests, hash",
        "serve --hash-on header:                       | 'header:' names no header",
        "serve --hash-on ip                            | 'ip' is not a hash key",
        "serve --sticky-cookie a;b                     | cookie name 'a;b' may only contain",
        "serve --slow-start 2h                         | --slow-start must be between 1s and 1h",
        "serve --slow-start 0s                         | '0s' must be longer than zero",
        "backend                                       | Missing required parameter: 'PORT'",
        "backend 65536                                 | port 65536 is outside 1-65535",
    })
    void badCommandLinesExitWith2(String args, String message) {
        Outcome outcome = run(args.trim().split("\\s+"));
        assertOneLineError(outcome, 2, message == null ? "" : message.trim(), "--help");
    }

    @Test
    void hashWithoutAKeyIsRefused() {
        assertOneLineError(run("serve", "--algorithm", "hash"), 1,
                "--algorithm hash needs --hash-on: header:NAME, cookie:NAME, client-ip or path");
    }

    @Test
    void anAdminApiOffLoopbackWithoutATokenIsRefused() {
        assertOneLineError(run("serve", "5432", "--admin-host", "0.0.0.0", "--admin-token", ""), 1,
                "--admin-host 0.0.0.0 is reachable from other hosts", "--admin-token");
    }

    @Test
    void aShortAdminTokenIsRefused() {
        assertOneLineError(run("serve", "5432", "--admin-token", "short"), 1, "--admin-token is too short");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "alice=short                                               | --admin-token alice is too short: use at least 16",
        "local=0123456789abcdef0                                   | --admin-token local: the name 'local' is reserved",
        "startup=0123456789abcdef0                                 | the name 'startup' is reserved",
        "a=0123456789abcdef0,a=fedcba9876543210f                   | --admin-token: the name 'a' is given twice",
        "a=0123456789abcdef0,b=0123456789abcdef0                   | --admin-token b has the same token as a",
        "0123456789abcdef0,0123456789abcdefX                       | the name 'admin' is given twice",
    })
    void namedAdminTokensAreCheckedAndNeverEchoed(String tokens, String message) {
        List<String> args = new ArrayList<>(List.of("serve", "5432"));
        for (String token : tokens.trim().split(",")) {
            args.add("--admin-token");
            args.add(token);
        }
        Outcome outcome = run(args.toArray(String[]::new));
        assertOneLineError(outcome, 1, message.trim());
        assertThat(outcome.err()).doesNotContain("0123456789abcdef", "short\n", "fedcba");
    }

    @Test
    void keepRevisionsMustBeADuration() {
        assertOneLineError(run("serve", "--keep-revisions", "0s"), 2, "--keep-revisions", "longer than zero");
        assertOneLineError(run("serve", "--keep-revisions", "forever"), 2, "--keep-revisions", "is not a duration");
    }

    @Test
    void anInvalidConfigurationDocumentToImportNamesEachFaultByItsPointer() throws Exception {
        Path file = dir.resolve("fulcrum.json");
        Files.writeString(file, "{\"format\": 1, \"settings\": {\"algorithm\": \"fastest\"}, \"backends\": "
                + "[{\"name\": \"a\", \"url\": \"ftp://127.0.0.1:1\"}]}");
        assertOneLineError(run("serve", "5432", "--import", file.toString()), 1, "serve: fulcrum.json: "
                + "/settings/algorithm: 'fastest' is not an algorithm; use one of round-robin, least-requests, hash; "
                + "/backends/0/url: 'ftp://127.0.0.1:1' is not an absolute http:// or https:// URL");
    }

    @Test
    void aDatabaseUrlThatIsNotJdbcIsRefused() {
        assertOneLineError(run("serve", "0", "--db", "data/fulcrum"), 2, "port 0 is outside 1-65535");
        assertOneLineError(run("serve", "5432", "--host", "127.0.0.1", "--db", "data/fulcrum"), 1,
                "'data/fulcrum' is not a JDBC URL");
    }

    @Test
    void aPostgresqlThatDoesNotAnswerIsOneLineNamingTheDatabase() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + dev.fulcrum.server.TestServers.closedPort() + "/fulcrum";
        assertOneLineError(run("serve", "5432", "--host", "127.0.0.1", "--db", url, "--db-user", "fulcrum"), 1,
                "cannot open database " + url + ": Connection refused");
    }

    @Test
    void theDatabasePasswordIsNoFlagAndAnInstanceIdIsPrintable() {
        assertOneLineError(run("serve", "5432", "--db-password", "secret"), 2, "Unknown options: '--db-password'");
        assertOneLineError(run("serve", "5432", "--host", "127.0.0.1", "--instance-id", "lb 1"), 1,
                "--instance-id 'lb 1' is not an instance id: use 1-128 letters, digits and . _ : @ -");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--retries 8                                   | retries must be between 0 and 7",
        "--retry-budget 101                            | retry budget must be between 0 and 100",
        "--max-header-size 512                         | max header size must be between 1KB and 1MB",
        "--max-header-size 2GB                         | max header size must be between 1KB and 1MB",
        "--max-response-header-size 512                | max response header size must be between 1KB and 1MB",
        "--max-response-header-size 2GB                | max response header size must be between 1KB and 1MB",
        "--max-uri-length 32KB                         | max URI length must not be larger than the max header size",
        "--max-connections 0                           | max connections must be at least 1",
        "--max-replay-body 17MB                        | max replay body must be between 0 and 16MB",
        "--server-header Ful\\1crum                   | server header must be printable ASCII",
    })
    @Timeout(10) // a value that slipped through would start the balancer and block
    void outOfRangeDataPathSettingsAreRefused(String args, String message) {
        String[] flags = args.trim().translateEscapes().split("\\s+");
        String[] command = new String[flags.length + 3];
        command[0] = "serve";
        command[1] = "5432";
        command[2] = "--host=127.0.0.1";
        System.arraycopy(flags, 0, command, 3, flags.length);
        assertOneLineError(run(command), 1, message.trim());
    }

    /** A certificate and key for 127.0.0.1 in the test's directory, with these names as file names. */
    private void certificate(String certificate, String key, TestCertificates.Spec spec) {
        spec.write(dir.resolve(certificate), dir.resolve(key), TestCertificates.KeyForm.PKCS8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--tls-port 8443                                       | --tls-port needs --tls-cert FILE and --tls-key FILE",
        "--tls-port 8443 --tls-cert C                          | --tls-cert and --tls-key come in pairs: 1 --tls-cert, 0 --tls-key",
        "--tls-port 8443 --tls-cert C --tls-key K --tls-cert C | --tls-cert and --tls-key come in pairs: 2 --tls-cert, 1 --tls-key",
        "--tls-cert C --tls-key K                              | --tls-cert is used by nothing: add --tls-port PORT, or --admin-tls",
        "--admin-tls                                           | --admin-tls needs --tls-cert FILE and --tls-key FILE",
        "--no-plain                                            | --no-plain needs --tls-port: the balancer would have no port at all",
        "--redirect-https                                      | --redirect-https needs --tls-port to redirect to",
        "--tls-port 8443 --tls-cert C --tls-key K --redirect-https --no-plain | --redirect-https and --no-plain: without a plain port there is nothing to redirect",
        "--tls-port 5432 --tls-cert C --tls-key K              | --tls-port 5432 is also the plain port: give another, or add --no-plain",
        "--backend-ca C --backend-tls-insecure                 | --backend-ca and --backend-tls-insecure contradict each other: give one",
        "--tls-port 8443 --tls-cert missing.pem --tls-key K    | DIR/missing.pem: no such file",
        "--tls-port 8443 --tls-cert C --tls-key other.key      | DIR/other.key: the key does not match the certificate in DIR/C",
        "--tls-port 8443 --tls-cert expired.pem --tls-key expired.key | DIR/expired.pem: the certificate expired on ",
        "--tls-port 8443 --tls-cert K --tls-key K              | DIR/K: no certificate in it",
        "--tls-port 8443 --tls-cert C --tls-key C              | DIR/C: no private key in it",
        "--backend-ca missing.pem                              | --backend-ca DIR/missing.pem: no such file",
        "--backend-ca K                                        | --backend-ca DIR/K: no certificate in it",
    })
    @Timeout(10) // a flag that slipped through would start the balancer and block
    void everyBadTlsFlagIsOneLineNamingTheFlagOrFile(String args, String message) {
        certificate("C", "K", TestCertificates.leaf("127.0.0.1"));
        certificate("other.pem", "other.key", TestCertificates.leaf("127.0.0.1"));
        certificate("expired.pem", "expired.key", TestCertificates.leaf("127.0.0.1")
                .validFrom(Instant.now().minus(Duration.ofDays(30)))
                .validUntil(Instant.now().minus(Duration.ofDays(2))));
        List<String> command = new ArrayList<>(List.of("serve", "5432", "--host=127.0.0.1"));
        for (String arg : args.trim().split("\\s+")) {
            command.add(arg.startsWith("--") || arg.matches("\\d+") ? arg : dir.resolve(arg).toString());
        }

        assertOneLineError(run(command.toArray(String[]::new)), 1, message.trim().replace("DIR", dir.toString()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--tls-port abc   | 'abc' is not a port number",
        "--tls-port 0     | port 0 is outside 1-65535",
    })
    void aTlsPortThatIsNoPortExitsWith2(String args, String message) {
        assertOneLineError(run(("serve " + args.trim()).split("\\s+")), 2, message.trim(), "--help");
    }

    @Test
    @Timeout(20)
    void aTlsPortInUseIsReportedInOneLineAndNothingIsLeftRunning() throws Exception {
        certificate("C", "K", TestCertificates.leaf("127.0.0.1"));
        int plain = dev.fulcrum.server.TestServers.closedPort();
        int admin = dev.fulcrum.server.TestServers.closedPort();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Outcome outcome = run("serve", Integer.toString(plain), "--host", "127.0.0.1", "--tls-port",
                    Integer.toString(taken.getLocalPort()), "--tls-cert", dir.resolve("C").toString(), "--tls-key",
                    dir.resolve("K").toString(), "--admin-port", Integer.toString(admin));
            assertOneLineError(outcome, 1, "127.0.0.1:" + taken.getLocalPort() + " is already in use");
        }
        for (int port : new int[] {plain, admin}) {
            try (ServerSocket free = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(free.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void everyTlsFlagIsInTheHelp() {
        assertThat(run("serve", "--help").out()).contains("--tls-port", "--tls-cert", "--tls-key", "--no-plain",
                "--redirect-https", "--admin-tls", "--backend-ca", "--backend-tls-insecure");
    }

    @Test
    void everyDataPathFlagIsInTheHelp() {
        Outcome help = run("serve", "--help");
        assertThat(help.out()).contains("--connect-timeout", "--backend-timeout", "--idle-timeout", "--retries",
                "--retry-budget", "--retry-idempotent-writes", "--trusted-proxies", "--server-header",
                "--max-header-size", "--max-uri-length", "--max-body", "--header-timeout", "--client-idle-timeout",
                "--max-connections", "--max-response-header-size", "--max-replay-body");
    }

    @Test
    void badRiseIsRefused() {
        assertOneLineError(run("serve", "5432", "--rise", "0", "--backend", "http://127.0.0.1:5001"), 1,
                "rise must be between 1 and 100");
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " -> ", value = {
        "health -> health path 'health' must start with '/'",
        "/a|b -> health path '/a|b' has '|' at position 3",
        "/a%zz -> health path '/a%zz' has an incomplete percent-escape",
    })
    @Timeout(10) // a path that slipped through would start the balancer and block
    void aHealthPathThatIsNotAUrlPathIsRefused(String path, String message) throws Exception {
        String port = Integer.toString(dev.fulcrum.server.TestServers.closedPort());
        assertOneLineError(run("serve", port, "--host=127.0.0.1", "--admin-port", port, "--health-path", path), 1,
                message);
    }

    @Test
    void missingImportFileIsNamed() {
        Path missing = dir.resolve("server_db.json");
        assertOneLineError(run("serve", "5432", "--import", missing.toString()), 1, missing + ": no such file");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{not json                                                      | not valid JSON (line 1",
        "[]                                                             | expected an object with a \"server_list\" array",
        "{\"server_list\": {}}                                          | \"server_list\" must be an array",
        "{\"server_list\":[{\"id\":1,\"host\":\"127.0.0.1\",\"port\":\"50a1\"}]}   | server_list[0] (id 1): field \"port\" is '50a1', not a number",
        "{\"server_list\":[{\"id\":1,\"host\":\"127.0.0.1\",\"port\":5001},{\"id\":2,\"port\":5002}]} | server_list[1] (id 2): field \"host\" must be a non-empty string",
        "{\"server_list\":[{\"id\":7,\"host\":\"127.0.0.1\",\"port\":70000}]}    | server_list[0] (id 7): field \"port\" is 70000, outside 1-65535",
        "{\"server_list\":[{\"id\":3,\"host\":\"127.0.0.1\",\"port\":true}]}     | server_list[0] (id 3): field \"port\" must be a number or a string of digits",
    })
    void malformedImportFileNamesEntryAndField(String content, String message) throws Exception {
        Path file = dir.resolve("server_db.json");
        Files.writeString(file, content);
        assertOneLineError(run("serve", "5432", "--import", file.toString()), 1, "server_db.json: " + message.trim());
    }

    @Test
    void portInUseIsReportedInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Outcome outcome = run("serve", Integer.toString(port), "--host", "127.0.0.1",
                    "--backend", "http://127.0.0.1:5001", "--db", "jdbc:h2:mem:busy", "--admin-port",
                    Integer.toString(port));
            assertOneLineError(outcome, 1, "127.0.0.1:" + port + " is already in use");
        }
    }

    @Test
    void demoBackendPortInUseIsReportedInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertOneLineError(run("backend", Integer.toString(port)), 1, "127.0.0.1:" + port + " is already in use");
        }
    }

    @Test
    void helpListsEveryServeFlag() {
        Outcome outcome = run("serve", "--help");
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("--backend", "--import", "--health-path", "--health-interval",
                "--health-timeout", "--rise", "--fall", "--backend-timeout", "--no-access-log", "--db",
                "--admin-host", "--admin-port", "--admin-token", "--keep-revisions", "default: 5432",
                "default: 8081");
    }
}
