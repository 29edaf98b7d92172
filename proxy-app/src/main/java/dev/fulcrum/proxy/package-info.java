/**
 * The data path: the client-facing Jetty server and connector with its strict parsing and limits, the thin proxy
 * servlet, the per-request exchange state, the backend client, and the small policies the servlet delegates to
 * (retries, blame, forwarded headers, response headers, error bodies, request ids). Depends on {@code pool},
 * {@code health}'s passive check, {@code time}, {@code lang} and {@code logging}; never on the database, the admin
 * API, Javalin or Jdbi.
 */
package dev.fulcrum.proxy;
