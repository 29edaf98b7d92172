package dev.fulcrum.pool;

/** An inclusive range of HTTP statuses a health probe must get to pass, written {@code 200} or {@code 200-299}. */
public record StatusRange(int low, int high) {

    public StatusRange {
        if (low < 100 || high > 599 || low > high) {
            throw new IllegalArgumentException("status range must lie within 100-599 with low <= high");
        }
    }

    public static StatusRange parse(String text) {
        if (text == null || !text.trim().matches("\\d{3}(-\\d{3})?")) {
            throw new IllegalArgumentException("expected a status like 200 or a range like 200-299");
        }
        String[] parts = text.trim().split("-");
        int low = Integer.parseInt(parts[0]);
        return new StatusRange(low, parts.length == 2 ? Integer.parseInt(parts[1]) : low);
    }

    public boolean contains(int status) {
        return status >= low && status <= high;
    }

    @Override
    public String toString() {
        return low == high ? Integer.toString(low) : low + "-" + high;
    }
}
