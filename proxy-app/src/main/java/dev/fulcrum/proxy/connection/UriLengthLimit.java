package dev.fulcrum.proxy.connection;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers 414 to a request whose path and query are longer than {@code --max-uri-length}, before it reaches the
 * proxy. Jetty's parser only refuses a request line longer than the whole header budget ({@code --max-header-size}),
 * so without this a URI between the two limits would be forwarded to a backend that may choke on it.
 */
public final class UriLengthLimit extends Handler.Wrapper {

    private final int maxUriLength;

    public UriLengthLimit(int maxUriLength, Handler next) {
        super(next);
        this.maxUriLength = maxUriLength;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Object replaced = request.getAttribute(ClientTarget.ATTRIBUTE);
        int length;
        if (replaced != null) {
            length = ((String) replaced).length();
        } else {
            HttpURI uri = request.getHttpURI();
            String path = uri.getPath();
            String query = uri.getQuery();
            length = (path == null ? 0 : path.length()) + (query == null ? 0 : query.length() + 1);
        }
        if (length > maxUriLength) {
            // Through the server's error handler, which writes Fulcrum's own body and closes the connection.
            Response.writeError(request, response, callback, HttpStatus.URI_TOO_LONG_414);
            return true;
        }
        return super.handle(request, response, callback);
    }
}
