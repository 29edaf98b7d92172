package dev.fulcrum.admin;

import dev.fulcrum.http.ErrorStatus;
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

    private final JsonReplies json;

    AdminErrorHandler(JsonReplies json) {
        this.json = json;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        // Also the status of an HttpException Jetty caught without saying which status it answers.
        int status = ErrorStatus.of(request, response,
                request.getAttribute(ERROR_EXCEPTION) instanceof HttpException http ? http.getCode() : 0);
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
}
