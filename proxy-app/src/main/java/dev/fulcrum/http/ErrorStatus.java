package dev.fulcrum.http;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * The status of an error Jetty hands an {@link ErrorHandler}, for the proxy's and the admin port's handlers alike:
 * Jetty's error attribute, else the servlet container's, else what the caller found in the exception, else the
 * response's own status when it is an error, else 500. A request line naming HTTP/2.0 is 505, not Jetty's 426: both
 * ports speak HTTP/1.x only and offer no upgrade.
 */
public final class ErrorStatus {

    /** The attribute a servlet container sets on {@code sendError}, used when Jetty's own is absent. */
    private static final String SERVLET_STATUS = "jakarta.servlet.error.status_code";

    private ErrorStatus() {
    }

    /** @param caught the status the failure Jetty caught carries, or 0 to look no further than the attributes */
    public static int of(Request request, Response response, int caught) {
        Object status = request.getAttribute(ErrorHandler.ERROR_STATUS);
        if (status == null) {
            status = request.getAttribute(SERVLET_STATUS);
        }
        if (status == null && caught > 0) {
            status = caught;
        }
        int code = status instanceof Integer value && value >= 400 ? value
                : response.getStatus() >= 400 ? response.getStatus() : 500;
        return code == HttpStatus.UPGRADE_REQUIRED_426 ? HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 : code;
    }
}
