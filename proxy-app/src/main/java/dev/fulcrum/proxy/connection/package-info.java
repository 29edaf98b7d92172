/**
 * The client's side of the proxy port: how strictly a connection's requests are parsed (request line, version, target,
 * chunk sizes, framing), the limits one client may use (head and URI size, body, head timeout, connections), and the
 * client's target as it sent it. Knows nothing of backends: depends on Jetty, {@code time} and {@code logging} only.
 */
package dev.fulcrum.proxy.connection;
