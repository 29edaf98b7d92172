package dev.fulcrum.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.CheckOverrides;
import dev.fulcrum.time.TimeSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real backends that fail in real ways, probed by the real client: what a user reads in {@code lastError} is a
 * sentence, never Jetty's description of its connection objects. TLS certificates are made here with the JDK's
 * keytool.
 */
class ProbeFailureReasonsTest {

    private static final HealthCheckSettings SETTINGS =
            new HealthCheckSettings("/health", Duration.ofSeconds(1), Duration.ofSeconds(2), 2, 3);
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path keys;

    private static Path selfSigned;
    private static Path expiredLeaf;
    private static Path caTrustStore;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        selfSigned = keys.resolve("self-signed.p12");
        keytool("-genkeypair", "-keystore", selfSigned, "-alias", "backend", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=IP:127.0.0.1");

        Path ca = keys.resolve("ca.p12");
        keytool("-genkeypair", "-keystore", ca, "-alias", "ca", "-dname", "CN=Test CA", "-ext", "BC:c=ca:true");
        Path caCert = keys.resolve("ca.pem");
        keytool("-exportcert", "-rfc", "-keystore", ca, "-alias", "ca", "-file", caCert);
        caTrustStore = keys.resolve("trust.p12");
        keytool("-importcert", "-noprompt", "-keystore", caTrustStore, "-alias", "ca", "-file", caCert);

        expiredLeaf = keys.resolve("expired.p12");
        keytool("-genkeypair", "-keystore", expiredLeaf, "-alias", "backend", "-dname", "CN=127.0.0.1");
        Path request = keys.resolve("leaf.csr");
        keytool("-certreq", "-keystore", expiredLeaf, "-alias", "backend", "-file", request);
        Path signed = keys.resolve("leaf.pem");
        keytool("-gencert", "-rfc", "-keystore", ca, "-alias", "ca", "-infile", request, "-outfile", signed,
                "-startdate", "-30d", "-validity", "10", "-ext", "SAN=IP:127.0.0.1");
        keytool("-importcert", "-noprompt", "-keystore", expiredLeaf, "-alias", "ca", "-file", caCert);
        keytool("-importcert", "-noprompt", "-keystore", expiredLeaf, "-alias", "backend", "-file", signed);
    }

    private static void keytool(Object... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        for (Object arg : args) {
            command.add(arg.toString());
        }
        command.addAll(List.of("-storepass", PASSWORD, "-keypass", PASSWORD, "-storetype", "PKCS12"));
        if (command.contains("-genkeypair")) {
            command.addAll(List.of("-keyalg", "EC", "-validity", "30"));
        }
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private String probe(String url) throws Exception {
        return probe(url, CheckOverrides.NONE, new HttpClient());
    }

    private String probe(String url, CheckOverrides health, HttpClient client) throws Exception {
        client.setConnectTimeout(2000);
        client.start();
        resources.add(client::stop);
        HttpHealthProbe probe = new HttpHealthProbe(client, SETTINGS, TimeSource.SYSTEM);
        ProbeResult result = probe.probe(new Backend(1, "b", URI.create(url), 1, true, health))
                .get(10, TimeUnit.SECONDS);
        assertThat(result.passed()).isFalse();
        return result.error();
    }

    /** A backend that answers every connection with these bytes, or closes it at once when they are null. */
    private int rawBackend(String answer) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        resources.add(server);
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    if (answer != null) {
                        InputStream in = socket.getInputStream();
                        in.read(new byte[8192]);
                        OutputStream out = socket.getOutputStream();
                        out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        // Closing with the client's bytes unread would reset the connection, and a reset can reach
                        // the client before the answer: end the answer with a FIN, then read until the client is done.
                        socket.shutdownOutput();
                        drain(socket);
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "raw-backend");
        accept.setDaemon(true);
        accept.start();
        return server.getLocalPort();
    }

    private static void drain(Socket socket) {
        try {
            socket.setSoTimeout(5000);
            socket.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // The client reset or stayed silent: either way it is done with this answer.
        }
    }

    private int tlsBackend(Path keyStore) throws Exception {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keyStore.toString());
        tls.setKeyStorePassword(PASSWORD);
        tls.setKeyStoreType("PKCS12");
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, tls);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new org.eclipse.jetty.server.Handler.Abstract() {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                                  Callback callback) {
                response.setStatus(200);
                callback.succeeded();
                return true;
            }
        });
        server.start();
        resources.add(server::stop);
        return connector.getLocalPort();
    }

    @Test
    void anInvalidStatusLine() throws Exception {
        int port = rawBackend("HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n");
        assertThat(probe("http://127.0.0.1:" + port)).isEqualTo("malformed response: invalid status line");
    }

    @Test
    void somethingThatIsNotHttp() throws Exception {
        int port = rawBackend("SSH-2.0-OpenSSH_9.2 Debian-2\r\n");
        assertThat(probe("http://127.0.0.1:" + port)).isEqualTo("malformed response: not an HTTP/1.x response");
    }

    @Test
    void aBadHeader() throws Exception {
        int port = rawBackend("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab");
        assertThat(probe("http://127.0.0.1:" + port)).isEqualTo("malformed response: invalid Content-Length");
    }

    @Test
    void aConnectionClosedWithoutAnAnswer() throws Exception {
        int port = rawBackend(null);
        assertThat(probe("http://127.0.0.1:" + port)).isEqualTo("connection closed before a response");
    }

    @Test
    void nothingListening() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        assertThat(probe("http://127.0.0.1:" + port)).isEqualTo("connection refused");
    }

    @Test
    void aHealthPathStoredBeforeItWasValidatedIsAFailedCheckNotAThrow() throws Exception {
        int port = rawBackend("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertThat(probe("http://127.0.0.1:" + port, new CheckOverrides("/a|b{c}", null, null), new HttpClient()))
                .isEqualTo("invalid health check URL");
    }

    @Test
    void plainHttpOnAnHttpsUrl() throws Exception {
        int port = rawBackend("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(probe("https://127.0.0.1:" + port))
                .isEqualTo("TLS handshake failed: the backend did not answer in TLS (plain HTTP on an https:// URL?)");
    }

    @Test
    void aSelfSignedCertificate() throws Exception {
        int port = tlsBackend(selfSigned);
        assertThat(probe("https://127.0.0.1:" + port)).isEqualTo("TLS handshake failed: certificate not trusted");
    }

    @Test
    void anExpiredCertificateFromATrustedAuthority() throws Exception {
        int port = tlsBackend(expiredLeaf);
        SslContextFactory.Client trusting = new SslContextFactory.Client();
        trusting.setTrustStorePath(caTrustStore.toString());
        trusting.setTrustStorePassword(PASSWORD);
        trusting.setTrustStoreType("PKCS12");
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(trusting);
        HttpClient client = new HttpClient(new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP(
                connector));
        assertThat(probe("https://127.0.0.1:" + port, CheckOverrides.NONE, client))
                .isEqualTo("TLS handshake failed: certificate expired");
    }
}
