package dev.fulcrum.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP receiver of webhooks on 127.0.0.1: records every POST it gets (headers and body bytes) and answers each
 * with the next scripted status (204 once the script is used up), or holds it without answering while told to hang.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One POST as it arrived. */
    public record Delivery(Map<String, List<String>> headers, byte[] body) {

        public String header(String name) {
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    return header.getValue().get(0);
                }
            }
            return null;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> script = new ArrayDeque<>();
    private volatile CountDownLatch hang;

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** Answers the next POSTs with these statuses, in order, then 204 again. */
    public synchronized WebhookReceiver answering(Integer... statuses) {
        script.addAll(List.of(statuses));
        return this;
    }

    /** Holds every POST from now on without answering, until {@link #close}. */
    public WebhookReceiver hanging() {
        hang = new CountDownLatch(1);
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<Delivery> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Delivery(Map.copyOf(exchange.getRequestHeaders()), body));
            CountDownLatch held = hang;
            if (held != null) {
                held.await(30, TimeUnit.SECONDS);
                return;
            }
            int status;
            synchronized (this) {
                status = script.isEmpty() ? 204 : script.poll();
            }
            exchange.sendResponseHeaders(status, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        CountDownLatch held = hang;
        if (held != null) {
            held.countDown();
        }
        server.stop(0);
        threads.shutdownNow();
    }
}
