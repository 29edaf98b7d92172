package dev.fulcrum.db.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * The JUnit extension that gives tests the one {@link PostgresServer} of a test run: started by the first test class
 * that needs it, shared by every later one, and stopped when the run ends (it lives in the root context's store).
 * Tests take it as a parameter ({@code @ExtendWith(TestPostgres.class)}), or run on both databases through
 * {@link BothDatabases}. Without Debian's PostgreSQL binaries those tests are skipped with a message on a developer's
 * machine, and fail under {@code CI=true}, as the browser tests do.
 */
public final class TestPostgres implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestPostgres.class);
    static final String MISSING = "PostgreSQL tests need Debian's server binaries under /usr/lib/postgresql/*/bin"
            + " (apt-get install postgresql)";

    /** The server of this test run, started on first use; skips (or under CI fails) the test without binaries. */
    public static PostgresServer server(ExtensionContext context) {
        Path bin = PostgresServer.binaries().orElse(null);
        if (bin == null) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(MISSING);
            }
            throw new TestAbortedException(MISSING + "; skipped");
        }
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(PostgresServer.class, key -> {
            try {
                return PostgresServer.start(bin);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start PostgreSQL from " + bin + ": " + e.getMessage(), e);
            }
        }, PostgresServer.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }
}
