package dev.fulcrum.proxy.connection;

import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Refuses, before the proxy forwards anything, what the connection's parser lets through but Fulcrum does not:
 * <ul>
 *   <li>{@code Transfer-Encoding} on an HTTP/1.0 request, which Jetty's parser accepts even in its strict modes but
 *       RFC 9112 (section 6.1) calls faulty. An HTTP/1.0 recipient does not know chunked coding, so a cache or proxy in
 *       front of Fulcrum may have framed the same bytes differently, which is the disagreement request smuggling
 *       lives on.</li>
 *   <li>an HTTP/2 {@code :path} that is not a URI path and query ({@link RequestTarget}): an HTTP/1.1 target is
 *       checked as its request line is read, an HTTP/2 one only arrives decoded from HPACK, and either goes to the
 *       backend in a request line.</li>
 * </ul>
 * The answer is Fulcrum's 400, and an HTTP/1 connection is closed like any other bad request's.
 *
 * <p>Everything else ambiguous in HTTP/1 (both length headers, several lengths, a coding other than a final
 * {@code chunked}, bad chunk sizes, folded or malformed fields, control characters, a missing or repeated
 * {@code Host}) the parser already refuses under {@link org.eclipse.jetty.http.HttpCompliance#RFC9110};
 * {@code StrictHttpTest} holds it to that. HTTP/2's framing leaves no such ambiguity, and its malformed requests
 * (RFC 9113 8.1.1: connection-specific or upper-case fields, missing pseudo-headers) are reset by Jetty.
 */
public final class StrictRequestCheck implements HttpConfiguration.Customizer {

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        if (version == HttpVersion.HTTP_1_0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
            throw new BadMessageException("Transfer-Encoding in an HTTP/1.0 request");
        }
        if (version == HttpVersion.HTTP_2) {
            String target = request.getHttpURI().getPathQuery();
            String malformed = target == null ? null : RequestTarget.malformation(request.getMethod(), target);
            if (malformed != null) {
                throw new BadMessageException("malformed request target: " + malformed);
            }
        }
        return request;
    }
}
