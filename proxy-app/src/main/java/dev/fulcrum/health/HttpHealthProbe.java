package dev.fulcrum.health;

import dev.fulcrum.http.IoResources;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.StatusRange;
import dev.fulcrum.time.TimeSource;
import dev.fulcrum.tls.BackendTls;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A GET of the health path; any 2xx or 3xx answer within the timeout passes, as in HAProxy's {@code httpchk}, unless
 * the backend sets its own path or expected statuses. A failure is described in a user's words
 * ({@link FailureDescription}); a probe never throws.
 *
 * <p>Uses its own Jetty {@link HttpClient}, separate from the proxy's, so probes never queue behind client traffic
 * for a connection to a busy backend.
 */
public final class HttpHealthProbe implements HealthProbe {

    private final HttpClient client;
    private final HealthCheckSettings settings;
    private final TimeSource time;

    public HttpHealthProbe(HttpClient client, HealthCheckSettings settings, TimeSource time) {
        this.client = client;
        this.settings = settings;
        this.time = time;
    }

    /**
     * The probes' own client, not started: its own connections on the threads, timer and buffers it shares with the
     * proxy, the probe timeout as its connect timeout, no redirects followed (a 3xx answer passes as it is), and
     * {@code https://} backends trusted as the proxy trusts them.
     */
    public static HttpClient newClient(HealthCheckSettings settings, BackendTls tls, IoResources io) {
        HttpClient client = newClient(settings, tls, io.threads());
        client.setScheduler(io.scheduler());
        client.setByteBufferPool(io.buffers());
        return client;
    }

    /** The probes' client on a few daemon threads of its own, for a checker that runs without the proxy. */
    public static HttpClient newClient(HealthCheckSettings settings, BackendTls tls) {
        QueuedThreadPool threads = new QueuedThreadPool(8, 1);
        threads.setName("fulcrum-probe");
        threads.setDaemon(true);
        return newClient(settings, tls, threads);
    }

    private static HttpClient newClient(HealthCheckSettings settings, BackendTls tls, Executor threads) {
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls.newClientFactory());
        HttpClient client = new HttpClient(new HttpClientTransportDynamic(connector));
        client.setExecutor(threads);
        client.setConnectTimeout(settings.timeout().toMillis());
        client.setFollowRedirects(false);
        return client;
    }

    @Override
    public CompletableFuture<ProbeResult> probe(Backend backend) {
        return probeWithBody(backend, 0).thenApply(ProbeResponse::result);
    }

    /**
     * Probes once on demand and also keeps the start of the answer's body, so a user can see what the backend said.
     */
    public CompletableFuture<ProbeResponse> probeWithBody(Backend backend, int maxBodyBytes) {
        CompletableFuture<ProbeResponse> result = new CompletableFuture<>();
        long startNanos = time.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String path = backend.checkOverrides().path() == null ? settings.path() : backend.checkOverrides().path();
        Request request;
        try {
            request = client.newRequest(backend.baseUrl() + path);
        } catch (RuntimeException e) {
            // A path stored before it was validated as strictly as now: a failed check, not a checker that throws.
            result.complete(new ProbeResponse(failed(backend, e, false, startNanos), ""));
            return result;
        }
        request.method(HttpMethod.GET)
                .timeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .onResponseContent((response, content) -> {
                    int n = Math.min(content.remaining(), maxBodyBytes - body.size());
                    if (n > 0) {
                        byte[] bytes = new byte[n];
                        content.get(bytes);
                        body.write(bytes, 0, n);
                    }
                })
                .send((Result r) -> result.complete(new ProbeResponse(toProbeResult(backend, r, startNanos),
                        body.toString(StandardCharsets.UTF_8))));
        return result;
    }

    /** A probe's result with the first bytes of the backend's answer. */
    public record ProbeResponse(ProbeResult result, String body) {
    }

    private ProbeResult toProbeResult(Backend backend, Result r, long startNanos) {
        int status = r.getResponse() == null ? 0 : r.getResponse().getStatus();
        if (r.isFailed()) {
            return failed(backend, r.getFailure(), status > 0, startNanos);
        }
        StatusRange expected = backend.checkOverrides().expect();
        boolean passed = expected == null ? status >= 200 && status < 400 : expected.contains(status);
        return new ProbeResult(backend.id(), time.now(), passed, status, millisSince(startNanos),
                passed ? null : "HTTP " + status);
    }

    private ProbeResult failed(Backend backend, Throwable failure, boolean statusReceived, long startNanos) {
        Instant now = time.now();
        return new ProbeResult(backend.id(), now, false, 0, millisSince(startNanos),
                FailureDescription.of(failure, statusReceived, settings.timeout()));
    }

    private long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(time.nanoTime() - startNanos);
    }
}
