package dev.fulcrum.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A backend that counts the requests and body bytes that reach it, and answers each with {@code received N} once it
 * has read the whole body: the witness that a refused request was never forwarded.
 */
final class BodyCountingBackend implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(roomyHeaders()));
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong bodyBytes = new AtomicLong();

    BodyCountingBackend() throws Exception {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                requests.incrementAndGet();
                Content.Source.asByteBufferAsync(request).whenComplete((body, failure) -> {
                    if (failure != null) {
                        callback.failed(failure);
                        return;
                    }
                    bodyBytes.addAndGet(body.remaining());
                    response.write(true, ByteBuffer.wrap(("received " + body.remaining() + "\n")
                            .getBytes(StandardCharsets.UTF_8)), callback);
                });
                return true;
            }
        });
        server.start();
    }

    /** Room for the longest URI the proxy lets through, so the backend's own limit is never the one tested. */
    private static HttpConfiguration roomyHeaders() {
        HttpConfiguration config = new HttpConfiguration();
        config.setRequestHeaderSize(64 * 1024);
        return config;
    }

    int port() {
        return connector.getLocalPort();
    }

    int requests() {
        return requests.get();
    }

    long bodyBytes() {
        return bodyBytes.get();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
