package dev.fulcrum.admin;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises itself, before or around the API (a malformed request line or escape, a URI or
 * headers over the limits, a failure Jetty caught), with the API's JSON error instead of Jetty's HTML page, so a
 * client of the admin port never meets a framework page, a version or a stack trace.
 */
final class AdminErrorHandler extends ErrorHandler {

    /** The attribute a servlet container sets on {@code sendError}, used when Jetty's own is absent. */
    private static final String SERVLET_STATUS = "jakarta.servlet.error.status_code";

    private final JsonReplies json;

    AdminErrorHandler(JsonReplies json) {
        this.json = json;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = status(request, response);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        if (HttpStatus.hasNoBody(status) || "HEAD".equals(request.getMethod())) {
            callback.succeeded();
        } else {
            response.write(true, ByteBuffer.wrap(json.error(ApiErrors.message(status), null)), callback);
        }
        return true;
    }

    private static int status(Request request, Response response) {
        Object status = request.getAttribute(ERROR_STATUS);
        if (status == null) {
            status = request.getAttribute(SERVLET_STATUS);
        }
        if (status == null && request.getAttribute(ERROR_EXCEPTION) instanceof HttpException http) {
            status = http.getCode();
        }
        int code = status instanceof Integer value && value >= 400 ? value
                : response.getStatus() >= 400 ? response.getStatus() : 500;
        // Jetty answers a request line naming HTTP/2.0 with 426, as if an upgrade could help; this port speaks
        // HTTP/1.x only and offers none.
        return code == HttpStatus.UPGRADE_REQUIRED_426 ? HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 : code;
    }

}
