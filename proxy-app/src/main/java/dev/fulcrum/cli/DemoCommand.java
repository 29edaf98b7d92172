package dev.fulcrum.cli;

import dev.fulcrum.admin.StartupImport;
import dev.fulcrum.db.DatabaseSettings;
import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.demo.WebSocketEcho;
import dev.fulcrum.health.EjectionSettings;
import dev.fulcrum.health.HealthCheckSettings;
import dev.fulcrum.history.RetentionSettings;
import dev.fulcrum.proxy.ProxySettings;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TrafficSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fulcrum demo}: the original balancer's whole workflow in one process: three demo backends, the balancer in
 * front of them, and the admin API, with the backends kept in an embedded H2 file of its own. Backends can be
 * stopped and started from the terminal ({@code stop 5002}, {@code start 5002}) to watch fail-over without opening
 * more terminals, and {@code ws TEXT} sends a message through the balancer to the backends' WebSocket echo.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run three demo backends (5001-5003) and the balancer (5432) in one process.")
public final class DemoCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);
    private static final int[] BACKEND_PORTS = {5001, 5002, 5003};

    @Option(names = "--port", defaultValue = "5432", converter = Converters.Port.class, paramLabel = "PORT",
            description = "Balancer port (default: ${DEFAULT-VALUE}).")
    int port;

    /** The demo keeps its own database, so it never mixes with what {@code serve} stores. */
    public static final String DEFAULT_DB = "jdbc:h2:file:./data/demo";

    @Mixin
    ControlPlaneOptions controlPlane = new ControlPlaneOptions();

    private final Map<Integer, DemoBackend> backends = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        List<URI> urls = new ArrayList<>();
        for (int backendPort : BACKEND_PORTS) {
            startBackend(backendPort);
            urls.add(URI.create("http://127.0.0.1:" + backendPort));
        }
        HealthCheckSettings health = new HealthCheckSettings("/health", Duration.ofSeconds(1), Duration.ofSeconds(1),
                2, 3);
        ProxySettings proxy = ProxySettings.DEFAULTS.withRetryAfter(Duration.ofSeconds(1));
        controlPlane.withDefaultDb(DEFAULT_DB);
        FulcrumServer server = new FulcrumServer(
                new TrafficSettings("127.0.0.1", port, proxy, health, EjectionSettings.DEFAULTS),
                controlPlane.databaseSettings(), controlPlane.instanceId(), controlPlane.adminSettings(),
                RetentionSettings.DEFAULTS, StartupImport.urls("the demo's backends", urls));
        AutoCloseable everything = () -> {
            try {
                server.close();
            } finally {
                stopAllBackends();
            }
        };
        try {
            ServeCommand.start(server);
        } catch (Exception e) {
            stopAllBackends();
            throw e;
        }
        printIntro(new PrintStream(System.out, true), server.adminPort());
        controlPlane.warnIfTokenTravelsInClear(false);
        Thread console = new Thread(this::readConsole, "fulcrum-demo-console");
        console.setDaemon(true);
        console.start();
        Lifecycle.runUntilStopped(everything);
        return 0;
    }

    private void printIntro(PrintStream out, int adminPort) {
        out.printf("%nFulcrum demo: balancer on http://127.0.0.1:%d, backends on 5001, 5002, 5003,%n", port);
        out.printf("admin page on http://127.0.0.1:%d/ (API under /api), database %s%n", adminPort,
                DatabaseSettings.masked(controlPlane.jdbcUrl()));
        out.printf("Try:%n");
        out.printf("  for i in 1 2 3 4 5 6; do curl -s localhost:%d; done   # round-robin 5001 -> 5002 -> 5003%n", port);
        out.printf("  type 'stop 5002' here, watch the DOWN line, curl again: no request fails%n");
        out.printf("  type 'start 5002' here, watch it come back UP%n");
        out.printf("  type 'ws hello' here: a WebSocket through the balancer to a backend's echo%n");
        out.printf("  curl -s localhost:%d/api/backends                       # backends with live state%n", adminPort);
        out.printf("Ctrl-C stops everything.%n%n");
    }

    private void readConsole() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                handle(line.trim());
            }
        } catch (Exception e) {
            log.debug("console closed", e);
        }
    }

    private synchronized void handle(String line) {
        if (line.startsWith("ws ")) {
            echo(line.substring(3).trim());
            return;
        }
        String[] words = line.split("\\s+");
        if (words.length != 2 || !(words[0].equals("stop") || words[0].equals("start"))) {
            if (!line.isEmpty()) {
                System.out.println("commands: stop PORT, start PORT (ports 5001, 5002, 5003), ws TEXT");
            }
            return;
        }
        int backendPort;
        try {
            backendPort = Integer.parseInt(words[1]);
        } catch (NumberFormatException e) {
            backendPort = -1;
        }
        if (backendPort != 5001 && backendPort != 5002 && backendPort != 5003) {
            System.out.println("unknown backend '" + words[1] + "'; the demo backends are 5001, 5002, 5003");
            return;
        }
        try {
            if (words[0].equals("stop")) {
                DemoBackend backend = backends.remove(backendPort);
                if (backend != null) {
                    backend.close();
                    log.info("demo backend {} stopped", backendPort);
                }
            } else if (!backends.containsKey(backendPort)) {
                startBackend(backendPort);
                log.info("demo backend {} started", backendPort);
            }
        } catch (Exception e) {
            System.out.println(words[0] + " " + backendPort + " failed: " + e.getMessage());
        }
    }

    /** {@code ws TEXT}: one message to {@code /ws} through the balancer and back. */
    private void echo(String message) {
        URI uri = URI.create("ws://127.0.0.1:" + port + "/ws");
        try {
            System.out.println("ws: '" + WebSocketEcho.roundTrip(uri, message) + "' came back through " + uri);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.out.println("ws: no echo through " + uri + ": " + cause.getMessage());
        }
    }

    private synchronized void startBackend(int backendPort) throws Exception {
        DemoBackend backend = new DemoBackend("127.0.0.1", backendPort, Integer.toString(backendPort));
        Startup.start(backend::start, backend);
        backends.put(backendPort, backend);
    }

    private synchronized void stopAllBackends() throws Exception {
        for (DemoBackend backend : backends.values()) {
            backend.close();
        }
        backends.clear();
    }
}
