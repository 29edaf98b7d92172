package dev.fulcrum.values;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes as the command line takes them: {@code 512}, {@code 16KB}, {@code 10MB}, {@code 1GB} (of 1024). */
public final class ByteSizes {

    private static final Pattern FORM = Pattern.compile("(\\d{1,12})\\s*(B|KB|K|MB|M|GB|G)?");

    private ByteSizes() {
    }

    public static long parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a size; use a whole number of bytes or with KB, MB or GB, e.g. 16KB, 10MB");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        return switch (unit) {
            case "KB", "K" -> amount * 1024;
            case "MB", "M" -> amount * 1024 * 1024;
            case "GB", "G" -> amount * 1024 * 1024 * 1024;
            default -> amount;
        };
    }
}
