package dev.fulcrum;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The layering the README promises, read from the compiled classes of all three modules: the data path cannot reach
 * the database or the control plane, no package depends on itself in a circle, and only the composition root and the
 * command line know every part.
 */
@AnalyzeClasses(packages = "dev.fulcrum", importOptions = ArchitectureTest.ProductionClasses.class)
class ArchitectureTest {

    /**
     * The modules' own classes, no tests: ArchUnit's test option knows test-classes directories, and a module's test
     * jar (the db module's, shared with proxy-app's tests) is left out too.
     */
    public static final class ProductionClasses implements ImportOption {

        private final ImportOption noTestDirectories = new ImportOption.DoNotIncludeTests();

        @Override
        public boolean includes(Location location) {
            return noTestDirectories.includes(location) && !location.contains("-tests.jar");
        }
    }

    private static final String[] DATA_PATH = {"dev.fulcrum.proxy..", "dev.fulcrum.pool..", "dev.fulcrum.health.."};

    /** The parts of Fulcrum that the composition root puts together. */
    private static final Set<String> PARTS = Set.of("admin", "db", "health", "history", "instance", "metrics", "pool",
            "proxy", "tls", "webhook");

    @ArchTest
    static final ArchRule theDataPathNeverTouchesTheDatabaseOrTheControlPlane = noClasses()
            .that().resideInAnyPackage(DATA_PATH)
            .should().dependOnClassesThat().resideInAnyPackage("dev.fulcrum.db..", "dev.fulcrum.admin..",
                    "dev.fulcrum.history..", "dev.fulcrum.instance..", "dev.fulcrum.server..", "dev.fulcrum.cli..",
                    "dev.fulcrum.metrics..", "dev.fulcrum.webhook..", "io.javalin..", "org.jdbi..", "org.h2..",
                    "org.postgresql..", "com.zaxxer.hikari..", "org.flywaydb..", "java.sql..", "javax.sql..",
                    "io.micrometer..")
            .because("request threads route from the in-memory table: a slow or gone database, or a busy admin API, "
                    + "must never stall traffic; they count through the pool's own TrafficMeter, made per backend "
                    + "when the table is built");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.fulcrum.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule nothingDependsOnTheEntryPoint = noClasses()
            .that().resideOutsideOfPackage("dev.fulcrum")
            .should().dependOnClassesThat().resideInAPackage("dev.fulcrum")
            .because("dev.fulcrum holds only the picocli root, which depends on cli");

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Entry").definedBy("dev.fulcrum")
            .layer("Cli").definedBy("dev.fulcrum.cli..")
            .layer("Root").definedBy("dev.fulcrum.server..")
            .layer("Admin").definedBy("dev.fulcrum.admin..")
            .layer("Metrics").definedBy("dev.fulcrum.metrics..")
            .layer("Webhook").definedBy("dev.fulcrum.webhook..")
            .layer("History").definedBy("dev.fulcrum.history..")
            .layer("Instance").definedBy("dev.fulcrum.instance..")
            .layer("Proxy").definedBy("dev.fulcrum.proxy..")
            .layer("Health").definedBy("dev.fulcrum.health..")
            .layer("Pool").definedBy("dev.fulcrum.pool..")
            .layer("Tls").definedBy("dev.fulcrum.tls..")
            .layer("Database").definedBy("dev.fulcrum.db..")
            .layer("Demo").definedBy("dev.fulcrum.demo..")
            .layer("Foundation").definedBy("dev.fulcrum.values..", "dev.fulcrum.time..", "dev.fulcrum.lang..",
                    "dev.fulcrum.logging..", "dev.fulcrum.http..")
            .whereLayer("Entry").mayNotBeAccessedByAnyLayer()
            .whereLayer("Cli").mayOnlyBeAccessedByLayers("Entry")
            .whereLayer("Root").mayOnlyBeAccessedByLayers("Cli")
            .whereLayer("Admin").mayOnlyBeAccessedByLayers("Root", "Cli")
            .whereLayer("Metrics").mayOnlyBeAccessedByLayers("Root", "Cli")
            .whereLayer("Webhook").mayOnlyBeAccessedByLayers("Root", "Cli", "Admin")
            .whereLayer("History").mayOnlyBeAccessedByLayers("Root", "Cli", "Admin")
            .whereLayer("Instance").mayOnlyBeAccessedByLayers("Root", "Admin")
            .whereLayer("Proxy").mayOnlyBeAccessedByLayers("Root", "Cli")
            .whereLayer("Health").mayOnlyBeAccessedByLayers("Root", "Cli", "Admin", "History", "Proxy", "Metrics",
                    "Webhook")
            .whereLayer("Pool").mayOnlyBeAccessedByLayers("Root", "Cli", "Admin", "Health", "Proxy", "Metrics",
                    "Webhook")
            .whereLayer("Tls").mayOnlyBeAccessedByLayers("Root", "Cli", "Admin", "Health", "Proxy")
            .whereLayer("Database").mayOnlyBeAccessedByLayers("Root", "Cli", "Admin", "History", "Instance",
                    "Webhook")
            .whereLayer("Demo").mayOnlyBeAccessedByLayers("Cli");

    @ArchTest
    static final ArchRule tlsMaterialKnowsNoOtherPart = noClasses()
            .that().resideInAPackage("dev.fulcrum.tls..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.fulcrum.cli..", "dev.fulcrum.server..",
                    "dev.fulcrum.metrics..", "dev.fulcrum.webhook..",
                    "dev.fulcrum.admin..", "dev.fulcrum.history..", "dev.fulcrum.proxy..", "dev.fulcrum.health..",
                    "dev.fulcrum.pool..", "dev.fulcrum.db..", "dev.fulcrum.demo..", "io.javalin..")
            .because("certificates are read and served the same way for the proxy's port and the admin port");

    @ArchTest
    static final ArchRule theFoundationKnowsNoPart = noClasses()
            .that().resideInAnyPackage("dev.fulcrum.values..", "dev.fulcrum.time..", "dev.fulcrum.lang..",
                    "dev.fulcrum.logging..", "dev.fulcrum.http..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.fulcrum.cli..", "dev.fulcrum.server..",
                    "dev.fulcrum.metrics..", "dev.fulcrum.webhook..",
                    "dev.fulcrum.admin..", "dev.fulcrum.history..", "dev.fulcrum.proxy..", "dev.fulcrum.health..",
                    "dev.fulcrum.pool..", "dev.fulcrum.db..", "dev.fulcrum.demo..");

    @Test
    void onlyTheCompositionRootAndTheCommandLineKnowEveryPart() {
        JavaClasses classes = new ClassFileImporter().withImportOption(new ProductionClasses())
                .importPackages("dev.fulcrum");
        Map<String, Set<String>> known = new TreeMap<>();
        for (JavaClass origin : classes) {
            Set<String> parts = known.computeIfAbsent(part(origin.getPackageName()), p -> new TreeSet<>());
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                String target = part(dependency.getTargetClass().getPackageName());
                if (PARTS.contains(target)) {
                    parts.add(target);
                }
            }
        }
        Set<String> knowingAll = new TreeSet<>();
        known.forEach((part, parts) -> {
            Set<String> others = new TreeSet<>(PARTS);
            others.remove(part);
            if (parts.containsAll(others)) {
                knowingAll.add(part);
            }
        });
        assertThat(knowingAll).as("packages that depend on every part of %s", PARTS).contains("server")
                .isSubsetOf("server", "cli");
    }

    /** The part a package belongs to: the package under dev.fulcrum, or "" for dev.fulcrum itself. */
    private static String part(String packageName) {
        if (!packageName.startsWith("dev.fulcrum")) {
            return "(" + packageName + ")";
        }
        String rest = packageName.equals("dev.fulcrum") ? "" : packageName.substring("dev.fulcrum.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
