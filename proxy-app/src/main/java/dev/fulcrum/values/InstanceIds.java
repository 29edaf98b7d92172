package dev.fulcrum.values;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The id an instance is known by among those sharing a database ({@code --instance-id}): by default its host name
 * and admin port ({@code lb-1.internal:8081}), unique as long as no two instances share both. Ids tag health history,
 * so they are kept short and printable.
 */
public final class InstanceIds {

    public static final int MAX_LENGTH = 128;
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._:@-]{1," + MAX_LENGTH + "}");

    private InstanceIds() {
    }

    /** This host's name and the port. */
    public static String defaultFor(int port) {
        String suffix = ":" + port;
        String host = hostName().replaceAll("[^A-Za-z0-9._-]", "-");
        return host.substring(0, Math.min(host.length(), MAX_LENGTH - suffix.length())) + suffix;
    }

    /** The id as given, or a refusal saying what an id may hold. */
    public static String requireValid(String id) {
        if (id == null || !FORM.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' is not an instance id: use 1-" + MAX_LENGTH
                    + " letters, digits and . _ : @ -, e.g. lb-1:8081");
        }
        return id;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "localhost" : fromEnvironment;
        }
    }
}
