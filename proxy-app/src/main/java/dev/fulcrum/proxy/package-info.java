/**
 * The data path: the client-facing Jetty server, its ports (plain and TLS) and wiring, the thin proxy servlet, the
 * per-request exchange state, the backend client with its per-backend queues and connection pools, and the small
 * policies the servlet delegates to (the backend choice with its hash keys and sticky cookie, retries, blame,
 * forwarded headers, response headers, error bodies, request ids); the client connection's parsing and limits are in
 * {@link dev.fulcrum.proxy.connection}. Depends on {@code pool}, {@code health}'s passive check and failure words,
 * {@code tls} (how backend certificates are checked) and the foundation packages; never on the database, the admin
 * API, Javalin or Jdbi.
 */
package dev.fulcrum.proxy;
