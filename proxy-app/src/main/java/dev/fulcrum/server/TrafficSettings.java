package dev.fulcrum.server;

import dev.fulcrum.admin.SettingsFlags;
import dev.fulcrum.health.EjectionSettings;
import dev.fulcrum.health.HealthCheckSettings;
import dev.fulcrum.proxy.ProxySettings;

/**
 * Where the proxy listens (plain HTTP on {@code port}, and HTTPS as {@code tls} says, each with HTTP/2 beside
 * HTTP/1.1 unless {@code http2} is false) and how it treats backends: the data path's settings and its health
 * checks', and the balancer settings the command line gives a database that has none yet.
 */
public record TrafficSettings(String host, int port, ProxySettings proxy, HealthCheckSettings health,
                              EjectionSettings ejection, TlsSettings tls, SettingsFlags balancer, boolean http2) {

    /** Plain HTTP only, with no balancer settings from the command line. */
    public TrafficSettings(String host, int port, ProxySettings proxy, HealthCheckSettings health,
                           EjectionSettings ejection) {
        this(host, port, proxy, health, ejection, TlsSettings.NONE, SettingsFlags.NONE, true);
    }

    /** With no balancer settings from the command line. */
    public TrafficSettings(String host, int port, ProxySettings proxy, HealthCheckSettings health,
                           EjectionSettings ejection, TlsSettings tls) {
        this(host, port, proxy, health, ejection, tls, SettingsFlags.NONE, true);
    }

    /** Plain HTTP only. */
    public TrafficSettings(String host, int port, ProxySettings proxy, HealthCheckSettings health,
                           EjectionSettings ejection, SettingsFlags balancer) {
        this(host, port, proxy, health, ejection, TlsSettings.NONE, balancer, true);
    }
}
