package dev.fulcrum.testing;

import static org.awaitility.Awaitility.await;

import dev.fulcrum.Fulcrum;
import dev.fulcrum.server.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code fulcrum serve} in a process of its own, with this JVM's java and the test classpath, so that a test can
 * kill it as {@code kill -9} does and start it again on the same database file, or hold a database file open.
 */
public final class ChildFulcrum implements AutoCloseable {

    private final Process process;
    private final int adminPort;
    private final Path log;

    private ChildFulcrum(Process process, int adminPort, Path log) {
        this.process = process;
        this.adminPort = adminPort;
        this.log = log;
    }

    /** Starts serve on the database and waits until its admin API answers; output goes to {@code log}. */
    public static ChildFulcrum start(String jdbcUrl, Path log) throws Exception {
        return start(List.of("--db", jdbcUrl), Map.of(), log);
    }

    /**
     * Starts serve with these flags (after its ports and the test's usual ones) and these environment variables,
     * and waits until its admin API answers; output goes to {@code log}.
     */
    public static ChildFulcrum start(List<String> flags, Map<String, String> environment, Path log) throws Exception {
        for (int attempt = 1; ; attempt++) {
            // serve takes no port 0, so the ports are found free first; another process may take one meanwhile.
            int proxyPort = TestServers.closedPort();
            int adminPort = TestServers.closedPort();
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"), Fulcrum.class.getName(), "serve",
                    Integer.toString(proxyPort), "--host", "127.0.0.1", "--admin-port", Integer.toString(adminPort),
                    "--health-interval", "1s", "--no-access-log"));
            command.addAll(flags);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            ChildFulcrum child = new ChildFulcrum(process, adminPort, log);
            await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive() || child.answers());
            if (process.isAlive()) {
                return child;
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (attempt >= 3 || !output.contains("already in use")) {
                throw new IllegalStateException("fulcrum serve exited with " + process.exitValue() + ":\n" + output);
            }
        }
    }

    public int adminPort() {
        return adminPort;
    }

    private boolean answers() {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + adminPort + "/healthz")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** As {@code kill -9}: no shutdown hook runs, nothing is flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
