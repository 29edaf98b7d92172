package dev.fulcrum.admin;

/**
 * Finds a query parameter with a broken percent-escape. Jetty silently drops a parameter it cannot decode, which
 * would turn {@code ?to=%zz} into "to: the default" instead of a 400 naming {@code to}.
 */
final class MalformedQuery {

    private static final String HEX = "0123456789abcdefABCDEF";

    private MalformedQuery() {
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
