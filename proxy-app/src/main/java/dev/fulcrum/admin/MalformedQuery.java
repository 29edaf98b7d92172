package dev.fulcrum.admin;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Refuses a query parameter with a broken percent-escape (400 naming it). Jetty silently drops a parameter it cannot
 * decode, which would turn {@code ?to=%zz} into "to: the default" instead of a 400 naming {@code to}.
 */
final class MalformedQuery implements Handler {

    private static final String HEX = "0123456789abcdefABCDEF";

    @Override
    public void handle(Context ctx) {
        String broken = firstBrokenParameter(ctx.queryString());
        if (broken != null) {
            String name = broken.split("=", 2)[0];
            throw ApiError.badField(name.indexOf('%') >= 0 ? null : name, "malformed query: '"
                    + (broken.length() > 40 ? broken.substring(0, 40) + "..." : broken)
                    + "' has a '%' that is not followed by two hex digits");
        }
    }

    /** @return the first raw {@code name=value} pair with a {@code %} not followed by two hex digits, or null */
    static String firstBrokenParameter(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        for (String parameter : rawQuery.split("&")) {
            for (int i = parameter.indexOf('%'); i >= 0; i = parameter.indexOf('%', i + 1)) {
                if (i + 2 >= parameter.length() || HEX.indexOf(parameter.charAt(i + 1)) < 0
                        || HEX.indexOf(parameter.charAt(i + 2)) < 0) {
                    return parameter;
                }
            }
        }
        return null;
    }
}
