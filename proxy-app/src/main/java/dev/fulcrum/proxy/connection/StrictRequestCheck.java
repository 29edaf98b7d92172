package dev.fulcrum.proxy.connection;

import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Refuses, before the proxy forwards anything, the request framing that Jetty's parser accepts even in its strict
 * modes but RFC 9112 (section 6.1) calls faulty: {@code Transfer-Encoding} on an HTTP/1.0 request. An HTTP/1.0
 * recipient does not know chunked coding, so a cache or proxy in front of Fulcrum may have framed the same bytes
 * differently, which is the disagreement request smuggling lives on. The answer is Fulcrum's 400, and the
 * connection is closed like any other bad request's.
 *
 * <p>Everything else ambiguous (both length headers, several lengths, a coding other than a final {@code chunked},
 * bad chunk sizes, folded or malformed fields, control characters, a missing or repeated {@code Host}) the parser
 * already refuses under {@link org.eclipse.jetty.http.HttpCompliance#RFC9110}; {@code StrictHttpTest} holds it to
 * that.
 */
public final class StrictRequestCheck implements HttpConfiguration.Customizer {

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        if (request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_1_0
                && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
            throw new BadMessageException("Transfer-Encoding in an HTTP/1.0 request");
        }
        return request;
    }
}
