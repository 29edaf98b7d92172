package dev.fulcrum.proxy;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Which headers pass from one side of the proxy to the other: not the hop-by-hop ones (RFC 9110 7.6.1), nor any the
 * sender's {@code Connection} header names, which are hop-by-hop too, and, for a backend's response, not its
 * {@code Server} when Fulcrum sends its own ({@code --server-header}). The fields that pass are handed on as they are,
 * parsed once.
 */
final class HeaderFilter {

    private final Set<String> hopByHop;
    private final boolean ownServerHeader;

    /**
     * @param hopByHop the lower-case names that never pass (Jetty's proxy list)
     * @param ownServerHeader whether Fulcrum sends a {@code Server} header of its own
     */
    HeaderFilter(Set<String> hopByHop, boolean ownServerHeader) {
        this.hopByHop = hopByHop;
        this.ownServerHeader = ownServerHeader;
    }

    /** @param connectionNamed what {@link #connectionNamed} found in the same response */
    boolean passes(HttpField field, Set<String> connectionNamed) {
        String name = field.getLowerCaseName();
        if (hopByHop.contains(name) || connectionNamed != null && connectionNamed.contains(name)) {
            return false;
        }
        return !(ownServerHeader && field.getHeader() == HttpHeader.SERVER);
    }

    /** Adds to {@code to} the fields of {@code from} that pass, as parsed. */
    void copyPassing(HttpFields from, HttpFields.Mutable to) {
        Set<String> named = connectionNamed(from);
        for (HttpField field : from) {
            if (passes(field, named)) {
                to.add(field);
            }
        }
    }

    /** The lower-case names a response's {@code Connection} header lists, or null when it lists none. */
    static Set<String> connectionNamed(HttpFields headers) {
        String connection = headers.get(HttpHeader.CONNECTION);
        if (connection == null || "keep-alive".equalsIgnoreCase(connection) || "close".equalsIgnoreCase(connection)) {
            // What nearly every backend sends: no header named, nothing to collect.
            return null;
        }
        Set<String> names = null;
        for (String value : headers.getValuesList(HttpHeader.CONNECTION)) {
            for (String name : value.split(",")) {
                if (names == null) {
                    names = new HashSet<>();
                }
                names.add(name.trim().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
