package dev.fulcrum.testing;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's HTTP/2 client on a plain port, speaking h2c with prior knowledge (RFC 9113 3.3): the connection preface at
 * once, no HTTP/1.1 upgrade first, which the JDK's client cannot do. Through Jetty's HTTP client for ordinary
 * requests, and through its frame-level client for a {@code :path} no URI parser would let pass.
 */
public final class PriorKnowledgeClient implements AutoCloseable {

    private final HTTP2Client frames = new HTTP2Client();
    private final HttpClient client = new HttpClient(new HttpClientTransportOverHTTP2(frames));

    public PriorKnowledgeClient() throws Exception {
        client.start();
    }

    /** A request to 127.0.0.1 on this port, to be changed and sent with {@link #send}. */
    public Request request(int port, String path) {
        return client.newRequest(URI.create("http://127.0.0.1:" + port + path)).timeout(10, TimeUnit.SECONDS);
    }

    public ContentResponse get(int port, String path) throws Exception {
        return send(request(port, path));
    }

    public ContentResponse send(Request request) throws Exception {
        return request.send();
    }

    /**
     * The status of a {@code GET} whose {@code :path} is exactly {@code rawPath}, sent as a frame of its own on a new
     * connection; -1 when the server reset the stream instead of answering.
     */
    public int rawGet(int port, String rawPath) throws Exception {
        Session session = frames.connect(new InetSocketAddress("127.0.0.1", port), new Session.Listener() {
        }).get(10, TimeUnit.SECONDS);
        try {
            CompletableFuture<Integer> status = new CompletableFuture<>();
            MetaData.Request request = new MetaData.Request("GET", withRawPath(port, rawPath), HttpVersion.HTTP_2,
                    HttpFields.EMPTY);
            session.newStream(new HeadersFrame(request, null, true), new Stream.Listener() {
                @Override
                public void onHeaders(Stream stream, HeadersFrame frame) {
                    if (frame.getMetaData() instanceof MetaData.Response response) {
                        status.complete(response.getStatus());
                    }
                    stream.demand();
                }

                @Override
                public void onReset(Stream stream, ResetFrame frame, Callback callback) {
                    status.complete(-1);
                    callback.succeeded();
                }
            }).get(10, TimeUnit.SECONDS);
            return status.get(10, TimeUnit.SECONDS);
        } finally {
            session.close(0, "done", Callback.NOOP);
        }
    }

    /** A URI whose path and query are {@code rawPath}, as the frame encoder reads them, parsed or not. */
    private static HttpURI withRawPath(int port, String rawPath) {
        HttpURI parsed = HttpURI.build().scheme("http").host("127.0.0.1").port(port).path("/").asImmutable();
        return (HttpURI) Proxy.newProxyInstance(HttpURI.class.getClassLoader(), new Class<?>[] {HttpURI.class},
                (proxy, method, arguments) -> method.getName().equals("getPathQuery") ? rawPath
                        : method.invoke(parsed, arguments));
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
