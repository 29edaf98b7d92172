package dev.fulcrum.proxy;

import dev.fulcrum.http.ErrorStatus;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises before a request reaches the proxy (a malformed or oversized request, an
 * unsupported version, a request head that took too long) with Fulcrum's own short {@link ErrorResponse} instead of
 * Jetty's HTML page, which names the server and, configured carelessly, shows a stack trace.
 */
final class ProxyErrorHandler extends ErrorHandler {

    private final String serverHeader;

    ProxyErrorHandler(String serverHeader) {
        this.serverHeader = serverHeader;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = ErrorStatus.of(request, response, 0);
        String requestId = RequestIds.of(request);
        ErrorResponse error = ErrorResponse.of(status, requestId, request.getHeaders().get(HttpHeader.ACCEPT));
        response.setStatus(status);
        error.headers(serverHeader, response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(error.body()), callback);
        return true;
    }
}
