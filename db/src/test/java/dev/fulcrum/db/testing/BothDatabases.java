package dev.fulcrum.db.testing;

import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * H2 and PostgreSQL as the arguments of a {@code @ParameterizedClass} or {@code @ParameterizedTest}, so a suite runs
 * every case on both. Without PostgreSQL binaries the H2 runs go on and each PostgreSQL run is skipped (failed under
 * {@code CI=true}) with the reason.
 */
public final class BothDatabases implements ArgumentsProvider {

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        TestDatabase postgres;
        try {
            postgres = TestDatabase.postgres(TestPostgres.server(context));
        } catch (RuntimeException unavailable) {
            postgres = TestDatabase.unavailable(unavailable);
        }
        return Stream.of(Arguments.of(TestDatabase.h2()), Arguments.of(postgres));
    }
}
