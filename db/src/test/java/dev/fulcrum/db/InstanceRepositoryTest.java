package dev.fulcrum.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.db.testing.BothDatabases;
import dev.fulcrum.db.testing.TestDatabase;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** The instances' heartbeat rows on H2 and PostgreSQL: created by the first beat, kept current, listed, forgotten. */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(BothDatabases.class)
class InstanceRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-04-01T08:00:00Z");

    @Parameter
    TestDatabase kind;

    private Database database;
    private InstanceRepository instances;

    @BeforeEach
    void open() {
        database = Database.open(kind.fresh(), new MutableClock(T0));
        instances = database.instances();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theFirstBeatCreatesTheRowAndLaterOnesKeepItCurrent() {
        instances.beat(new InstanceRecord("a:8081", "0.1.0", T0, T0, 0));
        instances.beat(new InstanceRecord("b:8081", "0.1.0", T0, T0.plusSeconds(1), 3));
        instances.beat(new InstanceRecord("a:8081", "0.1.0", T0, T0.plusSeconds(10), 7));

        assertThat(instances.heardSince(T0)).containsExactly(
                new InstanceRecord("a:8081", "0.1.0", T0, T0.plusSeconds(10), 7),
                new InstanceRecord("b:8081", "0.1.0", T0, T0.plusSeconds(1), 3));
        assertThat(instances.heardSince(T0.plusSeconds(5))).extracting(InstanceRecord::id).containsExactly("a:8081");
    }

    @Test
    void silentInstancesAreForgottenAndABeatBringsOneBack() {
        instances.beat(new InstanceRecord("a:8081", "0.1.0", T0, T0, 0));
        instances.beat(new InstanceRecord("b:8081", "0.1.0", T0, T0.plusSeconds(60), 0));

        assertThat(instances.prune(T0.plusSeconds(30))).isEqualTo(1);
        assertThat(instances.heardSince(T0)).extracting(InstanceRecord::id).containsExactly("b:8081");

        instances.beat(new InstanceRecord("a:8081", "0.1.0", T0, T0.plusSeconds(90), 0));
        assertThat(instances.heardSince(T0)).extracting(InstanceRecord::id).containsExactly("a:8081", "b:8081");
    }
}
