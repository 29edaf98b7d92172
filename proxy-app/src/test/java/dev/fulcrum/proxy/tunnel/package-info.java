/** Tests of the tunnel's frame watch; the tunnels themselves are tested through the proxy (WebSocketTest). */
package dev.fulcrum.proxy.tunnel;
