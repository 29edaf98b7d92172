package dev.fulcrum.cli;

import dev.fulcrum.admin.AdminSettings;
import dev.fulcrum.admin.AdminTokens;
import dev.fulcrum.db.DatabaseSettings;
import dev.fulcrum.values.InstanceIds;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The database, instance and admin-server flags shared by {@code serve} and {@code demo}. Validated before anything
 * starts: an admin API reachable from other hosts without a token would let anyone rewire the balancer. The database
 * password is read from {@value #PASSWORD_VARIABLE} only: a flag's value shows in {@code ps} to every user of the
 * host.
 */
public final class ControlPlaneOptions {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneOptions.class);

    static final String PASSWORD_VARIABLE = "FULCRUM_DB_PASSWORD";

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "Database holding the backends: jdbc:h2:... for one instance, "
                    + "jdbc:postgresql://HOST:PORT/DB for several sharing it (default: ${DEFAULT-VALUE}).")
    String db;

    @Option(names = "--db-user", paramLabel = "USER",
            description = "Database user (default: sa for H2; for PostgreSQL the URL's user, else the system user). "
                    + "The password is read from $" + PASSWORD_VARIABLE + ", never from a flag.")
    String dbUser;

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "This instance's id among those sharing a database (default: host name and admin port, "
                    + "e.g. lb-1:8081).")
    String instanceId;

    @Option(names = "--admin-host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address of the admin API (default: ${DEFAULT-VALUE}). Anything but loopback needs a token.")
    String adminHost;

    @Option(names = "--admin-port", defaultValue = "8081", converter = Converters.Port.class, paramLabel = "PORT",
            description = "Port of the admin API (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--admin-token", defaultValue = "${env:FULCRUM_ADMIN_TOKEN}", paramLabel = "[NAME=]TOKEN",
            description = "Bearer token required on every /api call; NAME (default admin) is what the change history "
                    + "records as its author. Repeat for more (default: $FULCRUM_ADMIN_TOKEN).")
    List<String> adminTokens = new ArrayList<>();

    ControlPlaneOptions withDefaultDb(String jdbcUrl) {
        if (db == null) {
            db = jdbcUrl;
        }
        return this;
    }

    String jdbcUrl() {
        return db;
    }

    DatabaseSettings databaseSettings() {
        String password = System.getenv(PASSWORD_VARIABLE);
        return new DatabaseSettings(db, dbUser, password == null || password.isEmpty() ? null : password);
    }

    String instanceId() {
        if (instanceId == null) {
            return InstanceIds.defaultFor(adminPort);
        }
        try {
            return InstanceIds.requireValid(instanceId);
        } catch (IllegalArgumentException e) {
            throw new UserError("--instance-id " + e.getMessage());
        }
    }

    AdminSettings adminSettings() {
        AdminTokens tokens;
        try {
            tokens = AdminTokens.parse(adminTokens.stream().filter(t -> t != null && !t.isBlank()).toList());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (tokens.isEmpty() && !isLoopback(adminHost)) {
            throw new UserError("--admin-host " + adminHost + " is reachable from other hosts: set --admin-token "
                    + "or FULCRUM_ADMIN_TOKEN, or keep the admin API on 127.0.0.1");
        }
        return new AdminSettings(adminHost, adminPort, tokens);
    }

    /**
     * Warns when the token is sent from other hosts in clear text: the admin API off loopback, with a token, and
     * without TLS.
     */
    void warnIfTokenTravelsInClear(boolean adminTls) {
        if (!adminTls && !isLoopback(adminHost)) {
            log.warn("the admin API on {}:{} is reachable from other hosts over plain HTTP, so its token travels in "
                    + "clear text: add --admin-tls (with --tls-cert and --tls-key), or keep it on 127.0.0.1",
                    adminHost, adminPort);
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new UserError("--admin-host " + host + " is not a known address");
        }
    }
}
