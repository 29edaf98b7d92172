package dev.fulcrum.server;

import dev.fulcrum.admin.SettingsFlags;
import dev.fulcrum.health.EjectionSettings;
import dev.fulcrum.health.HealthCheckSettings;
import dev.fulcrum.proxy.ProxySettings;

/**
 * Where the proxy listens and how it treats backends: the data path's settings and its health checks', and the
 * balancer settings the command line gives a database that has none yet.
 */
public record TrafficSettings(String host, int port, ProxySettings proxy, HealthCheckSettings health,
                              EjectionSettings ejection, SettingsFlags balancer) {

    public TrafficSettings(String host, int port, ProxySettings proxy, HealthCheckSettings health,
                           EjectionSettings ejection) {
        this(host, port, proxy, health, ejection, SettingsFlags.NONE);
    }
}
