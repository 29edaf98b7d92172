package dev.fulcrum.db;

/**
 * The widths of the {@code backend} table's columns (migrations V1 and V2). The admin API validates every value to
 * them, so the database never has to refuse one.
 */
public final class BackendLimits {

    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_HEALTH_PATH_LENGTH = 256;
    public static final int MAX_EXPECT_STATUS_LENGTH = 32;

    private BackendLimits() {
    }

    /** The name with a suffix, its start shortened as needed so that the whole fits the column. */
    public static String withSuffix(String name, String suffix) {
        int keep = Math.min(name.length(), MAX_NAME_LENGTH - suffix.length());
        return name.substring(0, keep) + suffix;
    }
}
