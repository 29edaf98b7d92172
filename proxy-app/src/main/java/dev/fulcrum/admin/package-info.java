/**
 * The control plane's HTTP face: {@link dev.fulcrum.admin.AdminServer} wires Javalin with the security filters, one
 * error mapping and the route groups (backends, settings, history, events, instances, probe, stats,
 * certificates), each answering records; the write path of backends and balancer settings (commit, then apply to the
 * pool) and the reload after a failed write. Depends on {@code db}, {@code pool}, {@code health}, {@code history}'s
 * settings, {@code instance} (which instances are live), {@code tls} (the certificates served), {@code values},
 * {@code time} and {@code logging}; reads the data path's counters only through
 * {@link dev.fulcrum.admin.TrafficView}.
 */
package dev.fulcrum.admin;
