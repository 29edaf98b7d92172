package dev.fulcrum.db.testing;

import dev.fulcrum.db.DatabaseSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: Debian's binaries ({@code /usr/lib/postgresql/N/bin}, the newest N), a cluster
 * made by {@code initdb} in a temporary directory and run by {@code pg_ctl} on a free loopback port, with a password
 * login as PostgreSQL is run in production. Root may not run PostgreSQL, so as root (as CI runs) every command runs
 * as the {@code postgres} user that Debian's package creates. Durability is switched off: these tests are about SQL
 * and failures, and it keeps them quick.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "fulcrum";
    public static final String PASSWORD = "test-only-password";
    private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");
    private static final String OS_USER = "postgres";

    private final Path bin;
    private final Path dir;
    private final boolean asRoot;
    private final AtomicInteger databases = new AtomicInteger();
    private int port;

    private PostgresServer(Path bin, Path dir, boolean asRoot) {
        this.bin = bin;
        this.dir = dir;
        this.asRoot = asRoot;
    }

    /** The newest installed {@code bin} directory holding {@code initdb} and {@code pg_ctl}, if any. */
    static Optional<Path> binaries() {
        if (!Files.isDirectory(DEBIAN_BINARIES)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(PostgresServer::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Makes a cluster in a new temporary directory and starts it. */
    static PostgresServer start(Path bin) throws Exception {
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("fulcrum-pg");
        PostgresServer server = new PostgresServer(bin, dir, asRoot);
        try {
            Files.writeString(dir.resolve("password"), PASSWORD + "\n", StandardCharsets.UTF_8);
            if (asRoot) {
                server.run(List.of("chown", "-R", OS_USER + ":", dir.toString()), false);
            }
            server.run(List.of(bin.resolve("initdb").toString(), "-D", server.data().toString(), "-U", USER,
                    "--pwfile=" + dir.resolve("password"), "--auth=scram-sha-256", "-E", "UTF8", "--locale=C",
                    "--no-sync"), true);
            for (int attempt = 1; ; attempt++) {
                server.port = freePort();
                try {
                    server.start();
                    return server;
                } catch (IllegalStateException e) {
                    if (attempt >= 3) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            server.deleteDirectory();
            throw e;
        }
    }

    /** Starts the server again after {@link #stop()}, on the same port; returns when it accepts connections. */
    public void start() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-l", dir.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -h 127.0.0.1 -k " + dir + " -c fsync=off"
                        + " -c full_page_writes=off -c synchronous_commit=off -c max_connections=200", "start"), true);
    }

    /** Stops the server as an administrator's restart does ({@code pg_ctl stop -m fast}): sessions are ended. */
    public void stop() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w", "stop"), true);
    }

    public int port() {
        return port;
    }

    /** A new, empty database of its own on this server. */
    public DatabaseSettings newDatabase() {
        String name = "test_" + databases.incrementAndGet();
        try (Connection admin = DriverManager.getConnection(url("postgres"), USER, PASSWORD)) {
            admin.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return new DatabaseSettings(url(name), USER, PASSWORD);
    }

    /** Drops a database made by {@link #newDatabase()}, ending the sessions connected to it. */
    public void dropDatabase(DatabaseSettings database) {
        String name = database.jdbcUrl().substring(database.jdbcUrl().lastIndexOf('/') + 1);
        try (Connection admin = DriverManager.getConnection(url("postgres"), USER, PASSWORD)) {
            admin.createStatement().execute("DROP DATABASE " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + name + ": " + e.getMessage(), e);
        }
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            deleteDirectory();
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    /** Runs a command (as the postgres user when we are root) and fails with its output unless it exits 0. */
    private void run(List<String> command, boolean asPostgres) {
        List<String> full = new ArrayList<>();
        if (asPostgres && asRoot) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(command);
        Path output = dir.resolve("command.out");
        try {
            Process process = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish in 120 s");
            }
            if (process.exitValue() != 0) {
                String log = Files.exists(dir.resolve("server.log"))
                        ? "\n" + Files.readString(dir.resolve("server.log"), StandardCharsets.UTF_8) : "";
                throw new IllegalStateException(String.join(" ", full) + " exited with " + process.exitValue() + ":\n"
                        + Files.readString(output, StandardCharsets.UTF_8) + log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", full) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", full), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void deleteDirectory() {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the system cleans it up
        }
    }
}
