package dev.fulcrum.cli;

import dev.fulcrum.lang.Causes;
import java.net.BindException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts a server and turns the ways start-up fails on a user's machine into one-line {@link UserError}s. */
final class Startup {

    /** Jetty reports a failed bind as "Failed to bind to host/address:port"; the address is what the user needs. */
    private static final Pattern BIND_ADDRESS = Pattern.compile("Failed to bind to (?:[^/\\s]*/)?(\\S+)");

    interface Action {
        void run() throws Exception;
    }

    private Startup() {
    }

    static void start(Action start, AutoCloseable cleanup) throws Exception {
        try {
            start.run();
        } catch (Exception e) {
            try {
                cleanup.close();
            } catch (Exception ignored) {
                // The start failure is what the user needs to see.
            }
            throw bindFailure(e).orElseThrow(() -> e);
        }
    }

    private static Optional<UserError> bindFailure(Throwable failure) {
        if (Causes.find(failure, BindException.class) == null) {
            return Optional.empty();
        }
        Throwable named = Causes.find(failure, t -> BIND_ADDRESS.matcher(String.valueOf(t.getMessage())).find());
        String address = null;
        if (named != null) {
            Matcher m = BIND_ADDRESS.matcher(String.valueOf(named.getMessage()));
            address = m.find() ? m.group(1) : null;
        }
        return Optional.of(new UserError((address == null ? "a port" : address)
                + " is already in use (or not available on this host)"));
    }
}
