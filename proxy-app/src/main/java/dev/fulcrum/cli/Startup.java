package dev.fulcrum.cli;

import java.net.BindException;

/** Starts a server and turns the ways start-up fails on a user's machine into one-line {@link UserError}s. */
final class Startup {

    interface Action {
        void run() throws Exception;
    }

    private Startup() {
    }

    static void start(Action start, AutoCloseable cleanup, String what) throws Exception {
        try {
            start.run();
        } catch (Exception e) {
            try {
                cleanup.close();
            } catch (Exception ignored) {
                // The start failure is what the user needs to see.
            }
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    throw new UserError(what + " is already in use (or not available on this host)");
                }
            }
            throw e;
        }
    }
}
