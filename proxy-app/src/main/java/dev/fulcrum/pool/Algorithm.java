package dev.fulcrum.pool;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the balancer picks a backend for a request; one for the whole balancer, changed at run time. */
public enum Algorithm {
    /** Smooth weighted round-robin, as nginx's: weights 5, 1, 1 give a a b a c a a. */
    ROUND_ROBIN,
    /** Two backends drawn at random by weight; the one with fewer requests in flight per unit of weight wins. */
    LEAST_REQUESTS,
    /** Consistent hashing of a request key ({@link HashOn}); a request without the key goes round-robin. */
    HASH;

    /** The word used in the API, the flags and the database: {@code round-robin}, {@code least-requests}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The algorithm with this label; the message names the valid ones. */
    public static Algorithm parse(String label) {
        for (Algorithm algorithm : values()) {
            if (algorithm.label().equals(label)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("'" + label + "' is not an algorithm; use one of " + labels());
    }

    public static String labels() {
        return Arrays.stream(values()).map(Algorithm::label).collect(Collectors.joining(", "));
    }
}
