package dev.fulcrum.proxy;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpConversation;
import org.eclipse.jetty.client.transport.HttpRequest;

/**
 * A proxy-to-backend request whose deadline moves with the exchange. While the request is sent and until the
 * response head arrives, the backend has {@code --backend-timeout} from the request's last body byte (or from the
 * send, for a request without body) to start answering; once the response has begun, it has {@code --idle-timeout}
 * between two of its body chunks, so a long download streams for as long as bytes keep coming and a long upload is
 * not cut off by the time to first byte.
 *
 * <p>Jetty's client checks deadlines with one cyclic timer per connection that asks each in-flight exchange for
 * {@link #getTimeoutNanoTime()} again when it wakes, so a moving deadline costs no timer per request, only a volatile
 * write per body chunk. The timer is armed for the first-byte deadline; when the idle timeout is the shorter one, the
 * first idle expiry after the response began may be noticed up to the difference of the two timeouts late.
 */
final class BackendRequest extends HttpRequest {

    private final long firstByteTimeoutNanos;
    private final long idleTimeoutNanos;
    private final String baseUrl;
    private String path;
    private String query;
    private volatile long lastActivityNanos;
    private volatile boolean responseBegun;

    BackendRequest(HttpClient client, URI uri, long firstByteTimeoutMillis, long idleTimeoutMillis) {
        this(client, uri, null, null, null, firstByteTimeoutMillis, idleTimeoutMillis);
    }

    /**
     * A request to {@code origin} (a backend's base URL, parsed once) for {@code path} and {@code query} as the client
     * sent them; with a null {@code path}, the path and query of {@code origin}.
     */
    BackendRequest(HttpClient client, URI origin, String baseUrl, String path, String query,
                   long firstByteTimeoutMillis, long idleTimeoutMillis) {
        super(client, new HttpConversation(), origin);
        this.baseUrl = baseUrl;
        this.path = path;
        this.query = path == null ? null : query;
        this.firstByteTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(firstByteTimeoutMillis);
        this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
        timeout(firstByteTimeoutMillis, TimeUnit.MILLISECONDS);
        idleTimeout(Math.max(firstByteTimeoutMillis, idleTimeoutMillis), TimeUnit.MILLISECONDS);
    }

    /** The backend's base URL this request was made for, by which its destination is found; null if made from a URI. */
    String baseUrl() {
        return baseUrl;
    }

    @Override
    public String getPath() {
        return path != null ? path : super.getPath();
    }

    @Override
    public String getQuery() {
        return path != null ? query : super.getQuery();
    }

    @Override
    public Request path(String newPath) {
        this.path = null;
        this.query = null;
        return super.path(newPath);
    }

    /** Part of the request body went to the backend: the wait for its answer starts again from now. */
    void requestActivity() {
        lastActivityNanos = System.nanoTime();
    }

    /** The backend sent part of its response: from now on only pauses longer than the idle timeout fail it. */
    void responseActivity() {
        lastActivityNanos = System.nanoTime();
        responseBegun = true;
    }

    @Override
    public long getTimeoutNanoTime() {
        long last = lastActivityNanos;
        if (responseBegun) {
            return last + idleTimeoutNanos;
        }
        return last == 0 ? super.getTimeoutNanoTime() : last + firstByteTimeoutNanos;
    }
}
