package dev.fulcrum.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a scrape in the Prometheus text format, to look values up by name and labels. Only reads what a
 * test asks for; whether the whole output is valid is {@link Promtool}'s to say.
 */
public final class PrometheusSamples {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();

    public PrometheusSamples(String text) {
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
        }
    }

    /**
     * The value of the one sample named {@code name} whose labels include {@code labels} (name, value, ...); 0 when
     * there is none, as a counter not yet counted.
     */
    public double value(String name, String... labels) {
        List<Sample> found = find(name, labels);
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " samples match " + name + " " + List.of(labels));
        }
        return found.isEmpty() ? 0 : found.get(0).value();
    }

    /** Whether some sample is named {@code name} and carries {@code labels}. */
    public boolean has(String name, String... labels) {
        return !find(name, labels).isEmpty();
    }

    public List<Sample> find(String name, String... labels) {
        List<Sample> found = new ArrayList<>();
        for (Sample sample : samples) {
            if (sample.name().equals(name) && matches(sample.labels(), labels)) {
                found.add(sample);
            }
        }
        return found;
    }

    private static boolean matches(Map<String, String> have, String[] want) {
        for (int i = 0; i + 1 < want.length; i += 2) {
            if (!want[i + 1].equals(have.get(want[i]))) {
                return false;
            }
        }
        return true;
    }
}
