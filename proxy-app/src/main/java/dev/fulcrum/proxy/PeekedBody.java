package dev.fulcrum.proxy;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * A client's body whose first chunk was read ahead to learn whether there is a body at all. HTTP/1.1 says so in the
 * head ({@code Content-Length} or {@code Transfer-Encoding}); an HTTP/2 request without {@code Content-Length} says so
 * only by ending its stream with its headers or not (RFC 9113 8.1), which one read tells at once: the end, nothing yet,
 * or the first bytes, which are read again from here.
 */
final class PeekedBody implements Content.Source {

    /** The request attribute holding the chunk read ahead, until the body is read. */
    static final String ATTRIBUTE = PeekedBody.class.getName();

    private final Content.Source client;
    private volatile Content.Chunk first;

    /** @param first what a read of {@code client} returned: bytes, an end with bytes, or a failure */
    PeekedBody(Content.Chunk first, Content.Source client) {
        this.first = first;
        this.client = client;
    }

    /**
     * Whether {@code request}, whose head says nothing of a body, has one; a chunk read ahead to tell is kept in the
     * request's {@link #ATTRIBUTE}.
     */
    static boolean hasBody(Request request) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
            return true;
        }
        if (chunk.isLast() && !chunk.hasRemaining() && !Content.Chunk.isFailure(chunk)) {
            chunk.release();
            return false;
        }
        request.setAttribute(ATTRIBUTE, chunk);
        return true;
    }

    /** Releases a chunk read ahead and never read again (the exchange ended without sending the body). */
    static void release(Request request) {
        if (request.removeAttribute(ATTRIBUTE) instanceof Content.Chunk chunk) {
            chunk.release();
        }
    }

    @Override
    public long getLength() {
        return client.getLength();
    }

    @Override
    public Content.Chunk read() {
        Content.Chunk chunk = first;
        if (chunk != null) {
            first = null;
            return chunk;
        }
        return client.read();
    }

    @Override
    public void demand(Runnable demandCallback) {
        if (first != null) {
            demandCallback.run();
        } else {
            client.demand(demandCallback);
        }
    }

    @Override
    public void fail(Throwable failure) {
        Content.Chunk chunk = first;
        if (chunk != null) {
            first = null;
            chunk.release();
        }
        client.fail(failure);
    }
}
