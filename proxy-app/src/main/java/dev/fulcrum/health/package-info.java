/**
 * The health state machine: {@link dev.fulcrum.health.HealthChecker} probes each backend on its schedule, applies
 * rise/fall and passive ejection with backoff, and pushes each transition to the pool and the
 * {@link dev.fulcrum.health.HealthHistory}; its ticks also step slow-start ramps and report finished drains; the HTTP
 * probe and the words a failure is described in. Depends on {@code pool}, {@code tls} (how backend certificates are
 * checked), {@code time}, {@code values} and {@code lang}; never on the database or the admin API.
 */
package dev.fulcrum.health;
