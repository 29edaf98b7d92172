package dev.fulcrum.server;

import dev.fulcrum.health.EjectionSettings;
import dev.fulcrum.health.HealthCheckSettings;
import dev.fulcrum.proxy.ProxySettings;

/** Where the proxy listens and how it treats backends: the data path's settings and its health checks'. */
public record TrafficSettings(String host, int port, ProxySettings proxy, HealthCheckSettings health,
                              EjectionSettings ejection) {
}
