package dev.fulcrum.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus's own checker of the text format, {@code promtool check metrics}, from Debian's {@code prometheus}
 * package ({@code .ci/run} installs it): a real parser and its naming lint. Without it the tests that need it are
 * skipped with a clear message on a developer's machine, and fail under {@code CI=true}.
 */
public final class Promtool {

    private static final Path[] PLACES = {Path.of("/usr/bin/promtool"), Path.of("/usr/local/bin/promtool")};

    /** What promtool said about one scrape. */
    public record Verdict(int exitCode, String output) {
    }

    private Promtool() {
    }

    public static Path require() {
        for (Path place : PLACES) {
            if (Files.isExecutable(place)) {
                return place;
            }
        }
        String message = "the scrape is checked with promtool (apt-get install prometheus, or .ci/run)";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.assumeTrue(false, message + "; skipped");
        return null;
    }

    /** Runs {@code promtool check metrics} over {@code scrape}, as Prometheus's docs show it, on its stdin. */
    public static Verdict checkMetrics(Path promtool, String scrape) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true)
                .start();
        process.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool did not finish");
        }
        return new Verdict(process.exitValue(), output);
    }
}
