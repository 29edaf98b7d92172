package dev.fulcrum.admin;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.http.HttpException;

/**
 * Reads a request body, refusing more than {@link #MAX_BYTES} (or a route's own limit) whether or not a length was
 * declared.
 */
final class RequestBody {

    /** Larger request bodies are refused with 413 before they are parsed. */
    static final int MAX_BYTES = 64 * 1024;

    private RequestBody() {
    }

    static byte[] read(Context ctx) {
        return read(ctx, MAX_BYTES);
    }

    /** As {@link #read(Context)}, allowing up to {@code maxBytes}. */
    static byte[] read(Context ctx, int maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return body;
        } catch (IOException | HttpException.RuntimeException e) {
            // A bad chunk, a body cut short or one that stalled: the client's request is at fault, not the server.
            throw new ApiError(400, "malformed or incomplete request body", null);
        }
    }

    private static ApiError tooLarge(int maxBytes) {
        return new ApiError(413, "request body larger than " + maxBytes + " bytes", null);
    }
}
