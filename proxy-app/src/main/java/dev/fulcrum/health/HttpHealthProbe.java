package dev.fulcrum.health;

import dev.fulcrum.pool.Backend;
import java.io.EOFException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
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
 * A GET of the health path; any 2xx or 3xx answer within the timeout passes, as in HAProxy's {@code httpchk}.
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
        client.newRequest(backend.baseUrl() + settings.path())
                .method(HttpMethod.GET)
                .timeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .send((Result r) -> result.complete(toProbeResult(backend, r, startNanos)));
        return result;
    }

    private ProbeResult toProbeResult(Backend backend, Result r, long startNanos) {
        long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        Instant now = clock.instant();
        if (r.isFailed()) {
            return new ProbeResult(backend.id(), now, false, 0, latency, describe(r.getFailure(), settings.timeout()));
        }
        int status = r.getResponse().getStatus();
        boolean passed = status >= 200 && status < 400;
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
