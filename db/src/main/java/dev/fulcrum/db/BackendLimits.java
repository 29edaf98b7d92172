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

    /**
     * Refuses a value wider than its column, naming the field. The columns refuse it too, but PostgreSQL's refusal
     * does not say which column it was, so the width is checked here, the same way on every database.
     */
    static void requireFits(NewBackend backend) {
        requireFits("name", backend.name(), MAX_NAME_LENGTH);
        requireFits("url", backend.url(), MAX_URL_LENGTH);
        requireFits("healthPath", backend.healthPath(), MAX_HEALTH_PATH_LENGTH);
        requireFits("expectStatus", backend.expectStatus(), MAX_EXPECT_STATUS_LENGTH);
    }

    private static void requireFits(String field, String value, int width) {
        if (value != null && value.length() > width) {
            throw new ConstraintViolationException(field, field + " is not accepted by the database (too long, out of"
                    + " range or missing)", null);
        }
    }
}
