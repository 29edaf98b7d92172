package dev.fulcrum.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Where a WebJar on the classpath keeps its files: {@code META-INF/resources/webjars/NAME/VERSION/}, the version read
 * from the jar's own Maven properties, so that upgrading it in the POM is all an upgrade takes.
 */
final class WebJar {

    private WebJar() {
    }

    /**
     * The classpath directory of the WebJar {@code groupId:artifactId}: its version's, since a jar need not hold an
     * entry for each directory below it (uPlot's has none for {@code dist/}), and a static-file handler wants one.
     */
    static String directory(String groupId, String artifactId) {
        String properties = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = WebJar.class.getResourceAsStream(properties)) {
            if (in == null) {
                throw new IllegalStateException("the WebJar " + groupId + ":" + artifactId + " is not on the classpath");
            }
            Properties pom = new Properties();
            pom.load(in);
            return "/META-INF/resources/webjars/" + artifactId + "/" + pom.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + properties, e);
        }
    }
}
