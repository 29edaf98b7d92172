package dev.fulcrum.values;

/**
 * The one rule for a TCP port a user gives (on the command line, in an import file, a backend URL or the admin API):
 * a whole number from 1 to 65535. Each caller words its refusal for where the value came from.
 */
public final class Ports {

    /** The range as messages name it. */
    public static final String RANGE = "1-65535";

    private Ports() {
    }

    public static boolean isValid(long port) {
        return port >= 1 && port <= 65535;
    }
}
