package dev.fulcrum.demo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo backend of the original balancer: {@code GET /} says which backend answered, {@code /health} answers
 * 200, and {@code /echo} sends back the request (its body for POST, its request line and headers for GET), so a
 * user can see what the balancer forwarded; {@code /ws} is a WebSocket that sends back every message it gets.
 */
public final class DemoBackend implements AutoCloseable {

    /** The largest WebSocket message the echo takes (Jetty's default is 64 KB). */
    static final long MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(DemoBackend.class);

    private final String name;
    private final Server server;
    private final ServerConnector connector;
    private volatile int boundPort = -1;

    public DemoBackend(String host, int port, String name) {
        this.name = name;
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("backend-" + name);
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(MAX_MESSAGE_SIZE);
            container.setMaxBinaryMessageSize(MAX_MESSAGE_SIZE);
            // The balancer in front decides how long a quiet WebSocket stays open (--websocket-idle-timeout).
            container.setIdleTimeout(Duration.ofHours(1));
            container.addMapping("/ws", (upgrade, response, callback) -> new Echo(name));
        });
        webSockets.setHandler(new DemoHandler());
        server.setHandler(webSockets);
        server.setStopTimeout(2_000);
    }

    public void start() throws Exception {
        server.start();
        boundPort = connector.getLocalPort();
    }

    /** The port it listens on; kept from start so that answers given while stopping still name it. */
    public int port() {
        return boundPort;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private final class DemoHandler extends Handler.Abstract {

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            if (path.equals("/health")) {
                // Probes come every interval; logging them would bury the request lines a user is watching for.
                return text(response, callback, HttpStatus.OK_200, "ok\n");
            }
            log.info("backend {}: {} {} {}", name, request.getMethod(), request.getHttpURI().getPathQuery(),
                    request.getConnectionMetaData().getProtocol());
            if (path.equals("/echo")) {
                return echo(request, response, callback);
            }
            String greeting = "Hello from backend " + name + " (127.0.0.1:" + port() + ")\n";
            return text(response, callback, HttpStatus.OK_200, greeting);
        }

        private boolean echo(Request request, Response response, Callback callback) {
            if ("POST".equals(request.getMethod()) || "PUT".equals(request.getMethod())) {
                response.setStatus(HttpStatus.OK_200);
                String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, type == null ? "application/octet-stream" : type);
                long length = request.getLength();
                if (length >= 0) {
                    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
                }
                Content.copy(request, response, callback);
                return true;
            }
            StringBuilder text = new StringBuilder();
            text.append(request.getMethod()).append(' ').append(request.getHttpURI().getPathQuery()).append(' ')
                    .append(request.getConnectionMetaData().getProtocol()).append('\n');
            for (HttpField field : request.getHeaders()) {
                text.append(field.getName()).append(": ").append(field.getValue()).append('\n');
            }
            return text(response, callback, HttpStatus.OK_200, text.toString());
        }

        private boolean text(Response response, Callback callback, int status, String body) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
            response.write(true, java.nio.ByteBuffer.wrap(bytes), callback);
            return true;
        }
    }

    /**
     * {@code /ws}: every message back to its sender, text as text and binary as binary. Public, as Jetty calls its
     * methods through method handles.
     */
    public static final class Echo extends Session.Listener.AbstractAutoDemanding {

        private final String name;

        /** @param name the backend's name, for its log lines */
        public Echo(String name) {
            this.name = name;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            log.info("backend {}: WebSocket /ws opened", name);
        }

        @Override
        public void onWebSocketText(String message) {
            getSession().sendText(message, org.eclipse.jetty.websocket.api.Callback.NOOP);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
            getSession().sendBinary(payload, callback);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, org.eclipse.jetty.websocket.api.Callback callback) {
            log.info("backend {}: WebSocket /ws closed ({})", name, statusCode);
            callback.succeed();
        }
    }
}
