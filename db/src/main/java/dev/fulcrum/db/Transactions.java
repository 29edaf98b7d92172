package dev.fulcrum.db;

import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Runs repository work in one transaction and turns database failures into {@link DatabaseUnavailableException}, so
 * no Jdbi or JDBC type leaves this module and nothing is ever half-written.
 */
final class Transactions {

    private final Jdbi jdbi;

    Transactions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    <T> T run(HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.inTransaction(work);
        } catch (DuplicateBackendException e) {
            throw e;
        } catch (JdbiException | IllegalStateException e) {
            DuplicateBackendException duplicate = DuplicateBackendException.from(e);
            if (duplicate != null) {
                throw duplicate;
            }
            throw new DatabaseUnavailableException("database unavailable: " + firstLine(rootMessage(e)), e);
        }
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    static String firstLine(String text) {
        return text.lines().findFirst().orElse(text);
    }
}
