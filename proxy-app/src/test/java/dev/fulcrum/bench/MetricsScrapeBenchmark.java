package dev.fulcrum.bench;

import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How long {@code GET /metrics} takes with many backends, each with traffic in its histograms: starts N real demo
 * backends and a whole Fulcrum in front of them, sends requests through it so that every backend's series are filled,
 * then times scrapes over a kept-alive connection, as Prometheus makes them. The target is under 50 ms at 100
 * backends.
 *
 * <p>Run with {@code bench/metrics-scrape.sh [BACKENDS=100] [SCRAPES=200]}. A measurement, not a test.
 */
public final class MetricsScrapeBenchmark {

    private MetricsScrapeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int scrapes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        List<DemoBackend> demos = new ArrayList<>();
        List<URI> seeds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DemoBackend demo = new DemoBackend("127.0.0.1", 0, "b" + i);
            demo.start();
            demos.add(demo);
            seeds.add(TestServers.local(demo.port()));
        }
        FulcrumServer server = TestServers.startInMemory(null, seeds);
        HttpClient client = HttpClient.newHttpClient();
        try {
            List<CompletableFuture<HttpResponse<Void>>> sent = new ArrayList<>();
            for (int i = 0; i < count * 50; i++) {
                sent.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.proxyPort()
                        + "/")).build(), HttpResponse.BodyHandlers.discarding()));
                if (sent.size() == 64) {
                    sent.forEach(CompletableFuture::join);
                    sent.clear();
                }
            }
            sent.forEach(CompletableFuture::join);

            HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort()
                    + "/metrics")).build();
            int bytes = 0;
            for (int i = 0; i < 50; i++) {
                bytes = client.send(scrape, HttpResponse.BodyHandlers.ofByteArray()).body().length;
            }
            double[] millis = new double[scrapes];
            for (int i = 0; i < scrapes; i++) {
                long start = System.nanoTime();
                client.send(scrape, HttpResponse.BodyHandlers.ofByteArray());
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(millis);
            System.out.printf("%d backends, %d scrapes of %d bytes: p50 %.1f ms, p95 %.1f ms, max %.1f ms (target: "
                    + "under 50 ms)%n", count, scrapes, bytes, millis[scrapes / 2], millis[scrapes * 95 / 100],
                    millis[scrapes - 1]);
        } finally {
            server.close();
            for (DemoBackend demo : demos) {
                demo.close();
            }
        }
    }
}
