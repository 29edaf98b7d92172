package dev.fulcrum.health;

import dev.fulcrum.pool.Backend;
import dev.fulcrum.pool.StatusRange;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import dev.fulcrum.config.Durations;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpMethod;

/**
 * A GET of the health path; any 2xx or 3xx answer within the timeout passes, as in HAProxy's {@code httpchk}, unless
 * the backend sets its own path or expected statuses.
 *
 * <p>Uses its own Jetty {@link HttpClient}, separate from the proxy's, so probes never queue behind client traffic
 * for a connection to a busy backend.
 */
public final class HttpHealthProbe implements HealthProbe {

    private final HttpClient client;
    private final HealthCheckSettings settings;
    private final Clock clock;

    public HttpHealthProbe(HttpClient client, HealthCheckSettings settings, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<ProbeResult> probe(Backend backend) {
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        long startNanos = System.nanoTime();
        String path = backend.health().path() == null ? settings.path() : backend.health().path();
        client.newRequest(backend.baseUrl() + path)
                .method(HttpMethod.GET)
                .timeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .send((Result r) -> result.complete(toProbeResult(backend, r, startNanos)));
        return result;
    }

    /**
     * Probes once on demand and also keeps the start of the answer's body, so a user can see what the backend said.
     */
    public CompletableFuture<ProbeResponse> probeWithBody(Backend backend, int maxBodyBytes) {
        CompletableFuture<ProbeResponse> result = new CompletableFuture<>();
        long startNanos = System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String path = backend.health().path() == null ? settings.path() : backend.health().path();
        client.newRequest(backend.baseUrl() + path)
                .method(HttpMethod.GET)
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
        long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        Instant now = clock.instant();
        if (r.isFailed()) {
            return new ProbeResult(backend.id(), now, false, 0, latency, describe(r.getFailure(), settings.timeout()));
        }
        int status = r.getResponse().getStatus();
        StatusRange expected = backend.health().expect();
        boolean passed = expected == null ? status >= 200 && status < 400 : expected.contains(status);
        return new ProbeResult(backend.id(), now, passed, status, latency, passed ? null : "HTTP " + status);
    }

    /** A short, stable reason for logs and history; never a stack trace. */
    static String describe(Throwable failure, Duration timeout) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return "timeout after " + Durations.format(timeout);
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof EOFException || t instanceof ClosedChannelException) {
                return "connection closed";
            }
        }
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
