/**
 * The control plane's HTTP face: {@link dev.fulcrum.admin.AdminServer} wires Javalin with the security filters, one
 * error mapping and the route groups (backends, settings, history, events, instances, probe, stats, certificates,
 * revisions, configuration), each answering records; the one write path of the configuration
 * ({@link dev.fulcrum.admin.ConfigWriter}: commit each change with its revision, then apply it to the pool), the
 * reload after a failed write, the following of other instances' changes ({@link dev.fulcrum.admin.RevisionFollower})
 * and the refusal of a change made on a stale view ({@link dev.fulcrum.admin.ItemCondition}), the change history with revert and restore, the configuration document (export, plan,
 * apply, import at start) and the named admin tokens that say who made a change. Depends on {@code db}, {@code pool},
 * {@code health}, {@code history}'s settings, {@code instance} (which instances are live), {@code tls} (the
 * certificates served), {@code values}, {@code time} and {@code logging}; reads the data path's counters only through
 * {@link dev.fulcrum.admin.TrafficView}.
 */
package dev.fulcrum.admin;
