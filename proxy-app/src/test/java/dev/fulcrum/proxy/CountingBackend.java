package dev.fulcrum.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A plain HTTP backend that answers every request with its name and the request body it read, and counts requests
 * per method, so a test can tell exactly which backend saw a request and how often (whether it was replayed).
 * Also keeps the last {@code X-Request-Id} it received.
 */
final class CountingBackend implements AutoCloseable {

    private final String name;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, AtomicInteger> byMethod = new ConcurrentHashMap<>();
    /** Held to write a response, so {@link #close} lands between responses, never between a head and its body. */
    private final ReadWriteLock responding = new ReentrantReadWriteLock();
    private volatile String lastRequestId;

    CountingBackend(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.createContext("/", this::answer);
        server.setExecutor(threads);
        server.start();
    }

    private void answer(HttpExchange exchange) throws IOException {
        byMethod.computeIfAbsent(exchange.getRequestMethod(), m -> new AtomicInteger()).incrementAndGet();
        lastRequestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
        byte[] received;
        try (InputStream in = exchange.getRequestBody()) {
            received = in.readAllBytes();
        }
        byte[] body = (name + " " + new String(received, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        responding.readLock().lock();
        try {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } finally {
            responding.readLock().unlock();
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    int requests(String method) {
        AtomicInteger count = byMethod.get(method);
        return count == null ? 0 : count.get();
    }

    String lastRequestId() {
        return lastRequestId;
    }

    /**
     * Stops listening and drops every open connection at once, as a killed process would, between two responses:
     * this server writes a response's head and body separately, and a response cut after its head is the backend's
     * malformed answer, not retried (see {@code StrictBackendResponseTest}), which is not what a test of a kill means.
     */
    @Override
    public void close() {
        responding.writeLock().lock();
        try {
            server.stop(0);
            threads.shutdownNow();
        } finally {
            responding.writeLock().unlock();
        }
    }
}
