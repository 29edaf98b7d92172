package dev.fulcrum.proxy;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
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

    /** The attribute a servlet container sets on {@code sendError}, used when Jetty's own is absent. */
    private static final String SERVLET_STATUS = "jakarta.servlet.error.status_code";

    private final String serverHeader;

    ProxyErrorHandler(String serverHeader) {
        this.serverHeader = serverHeader;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = status(request, response);
        String requestId = RequestIds.of(request);
        ErrorResponse error = ErrorResponse.of(status, requestId, request.getHeaders().get(HttpHeader.ACCEPT));
        response.setStatus(status);
        error.headers(serverHeader, response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(error.body()), callback);
        return true;
    }

    private static int status(Request request, Response response) {
        Object status = request.getAttribute(ERROR_STATUS);
        if (status == null) {
            status = request.getAttribute(SERVLET_STATUS);
        }
        int code = status instanceof Integer value && value >= 400 ? value
                : response.getStatus() >= 400 ? response.getStatus() : 500;
        // Jetty answers a plain request line naming HTTP/2.0 with 426, as if an upgrade could help; the proxy port
        // speaks only HTTP/1.x (and offers no Upgrade header), so the true answer is that the version is unsupported.
        return code == HttpStatus.UPGRADE_REQUIRED_426 ? HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 : code;
    }
}
