package dev.fulcrum.durability;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A tmpfs of a few megabytes mounted for one test, which can be filled to the last byte and freed again. Mounting
 * needs root (CI runs as root); elsewhere the test is skipped with a message, except under {@code CI=true}, where it
 * fails.
 */
final class SmallDisk implements AutoCloseable {

    private final Path mountPoint;
    private final Path filler;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve("filler");
    }

    static SmallDisk mount(Path mountPoint, String size) throws Exception {
        Files.createDirectories(mountPoint);
        String uid = output("id", "-u");
        requireOrSkip("0".equals(uid.trim()), "the full-disk test mounts a tmpfs and needs root (it runs as uid "
                + uid.trim() + ")");
        String failure = failure("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString());
        requireOrSkip(failure.isEmpty(), "cannot mount a tmpfs: " + failure.trim());
        return new SmallDisk(mountPoint);
    }

    private static void requireOrSkip(boolean condition, String message) {
        if (!condition && "true".equals(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.assumeTrue(condition, message + "; skipped");
    }

    Path path() {
        return mountPoint;
    }

    /** Writes a file until the file system refuses another byte. */
    void fill() throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        // Whatever a partial block left free, a one-byte file at a time takes it.
        for (int i = 0; i < 10_000; i++) {
            try {
                Files.write(mountPoint.resolve("crumb-" + i), new byte[] {1});
            } catch (IOException e) {
                return;
            }
        }
    }

    long usableBytes() throws IOException {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws Exception {
        if (!failure("umount", mountPoint.toString()).isEmpty()) {
            failure("umount", "-l", mountPoint.toString());
        }
    }

    private static String output(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return output;
    }

    /** Runs a command; empty when it succeeded, else what it said. */
    private static String failure(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "timed out: " + String.join(" ", command);
        }
        return process.exitValue() == 0 ? "" : output.isEmpty() ? "exit " + process.exitValue() : output;
    }
}
