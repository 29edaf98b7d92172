/**
 * The composition root: {@link dev.fulcrum.server.FulcrumServer} builds the database, history writer, pool, checker,
 * proxy, heartbeat and admin API with constructor injection and starts and stops them in order. The one package besides
 * {@code cli} that knows every other; only {@code cli} depends on it.
 */
package dev.fulcrum.server;
