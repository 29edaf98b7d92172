package dev.fulcrum.testing;

import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.testing.TestCertificates.Issued;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A backend that speaks only HTTPS, with whatever certificate a test made (expired, self-signed, for another name):
 * {@code /health} answers {@code ok}, {@code /ws} is the demo backend's WebSocket echo, anything else
 * {@code NAME over https}.
 */
public final class HttpsBackend implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector;

    public HttpsBackend(String name, Issued certificate) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("backend", certificate.key(), "pw".toCharArray(),
                certificate.chain().toArray(Certificate[]::new));
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(store);
        tls.setKeyManagerPassword("pw");
        connector = new ServerConnector(server, tls);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxBinaryMessageSize(2 * 1024 * 1024);
            container.addMapping("/ws", (upgrade, response, callback) -> new DemoBackend.Echo(name));
        });
        webSockets.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String body = Request.getPathInContext(request).equals("/health") ? "ok\n" : name + " over https\n";
                response.setStatus(200);
                response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.setHandler(webSockets);
        server.start();
    }

    public int port() {
        return connector.getLocalPort();
    }

    public URI uri() {
        return URI.create("https://127.0.0.1:" + port());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
