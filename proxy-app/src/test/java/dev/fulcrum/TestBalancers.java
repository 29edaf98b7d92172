package dev.fulcrum;

import dev.fulcrum.health.EjectionSettings;
import dev.fulcrum.health.HealthCheckSettings;
import dev.fulcrum.proxy.ProxySettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

/** Settings and helpers shared by the end-to-end tests: everything on 127.0.0.1, every port chosen by the OS. */
public final class TestBalancers {

    private TestBalancers() {
    }

    public static Balancer.Settings fastChecks() {
        return settings(new HealthCheckSettings("/health", Duration.ofMillis(100), Duration.ofMillis(500), 2, 3),
                Duration.ofSeconds(5));
    }

    public static Balancer.Settings settings(HealthCheckSettings health, Duration backendTimeout) {
        return new Balancer.Settings("127.0.0.1", 0,
                new ProxySettings(backendTimeout, Duration.ofSeconds(1), Duration.ofSeconds(1), true), health,
                EjectionSettings.DEFAULTS);
    }

    public static URI local(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A port nothing listens on: bound by the OS, then released. */
    public static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
