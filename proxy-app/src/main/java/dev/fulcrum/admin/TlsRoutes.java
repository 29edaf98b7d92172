package dev.fulcrum.admin;

import dev.fulcrum.time.TimeSource;
import dev.fulcrum.tls.ServerCertificate;
import dev.fulcrum.tls.ServerCertificates;
import io.javalin.config.RoutesConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/tls}: the certificates Fulcrum serves, in the order of the {@code --tls-cert} flags, each with its
 * names, serial and expiry, so that the page can warn before one runs out; and, when the files hold something that
 * could not be loaded, why (the previous certificate is still served then). An empty list without TLS.
 */
public final class TlsRoutes implements RouteGroup {

    record Certificates(List<Certificate> certificates) {
    }

    /**
     * @param daysLeft whole days until {@code notAfter}; negative once it has passed
     * @param expiresSoon whether fewer than 14 days are left
     * @param reloadError why the files' current content is not served, or null
     */
    record Certificate(String certificateFile, String keyFile, String subject, List<String> names, String serial,
                       String notBefore, String notAfter, long daysLeft, boolean expiresSoon, String loadedAt,
                       String reloadError) {
    }

    private final ServerCertificates certificates;
    private final TimeSource time;

    /** @param certificates what the TLS ports serve, or null without TLS */
    public TlsRoutes(ServerCertificates certificates, TimeSource time) {
        this.certificates = certificates;
        this.time = time;
    }

    @Override
    public void addTo(RoutesConfig routes, JsonReplies json) {
        routes.get("/api/tls", ctx -> json.send(ctx, 200, new Certificates(certificates == null ? List.of()
                : certificates.status().stream().map(status -> view(status, time.now())).toList())));
    }

    private static Certificate view(ServerCertificates.Status status, Instant now) {
        ServerCertificate served = status.certificate();
        Duration left = Duration.between(now, served.notAfter());
        return new Certificate(served.files().certificate().toString(), served.files().key().toString(),
                served.subject(), served.names(), served.serial(), served.notBefore().toString(),
                served.notAfter().toString(), Math.floorDiv(left.getSeconds(), Duration.ofDays(1).getSeconds()),
                left.compareTo(ServerCertificates.EXPIRY_WARNING) < 0, status.loadedAt().toString(),
                status.reloadError());
    }
}
