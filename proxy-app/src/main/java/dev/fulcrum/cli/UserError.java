package dev.fulcrum.cli;

/**
 * A mistake the user can fix (bad flag value, unreadable file, port in use). Printed as one line on stderr with a
 * non-zero exit; never with a stack trace.
 */
public final class UserError extends RuntimeException {

    public UserError(String message) {
        super(message, null, false, false);
    }
}
