/**
 * Connections that stop being HTTP: after a backend's {@code 101 Switching Protocols}, the client's connection and
 * the backend's are each handed to a {@link dev.fulcrum.proxy.tunnel.Tunnel} side that relays bytes to the other, as
 * they come, without reading them (WebSocket frames pass untouched), until either closes or both stay silent past
 * the idle timeout; {@link dev.fulcrum.proxy.tunnel.Tunnels} keeps the open ones for a graceful stop. Knows nothing of
 * backends or requests: depends on Jetty's I/O only.
 */
package dev.fulcrum.proxy.tunnel;
