package dev.fulcrum.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes what a test started, newest first, after each test, so a test class needs no tear-down of its own:
 * {@code @RegisterExtension final Resources running = new Resources();} then {@code running.add(backend)}.
 */
public class Resources implements AfterEachCallback {

    private final List<AutoCloseable> started = new ArrayList<>();

    /** Closed after the test, before whatever was added earlier. */
    public <T extends AutoCloseable> T add(T resource) {
        started.add(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception failure = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        started.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
