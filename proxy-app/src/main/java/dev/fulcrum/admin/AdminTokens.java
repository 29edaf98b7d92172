package dev.fulcrum.admin;

import dev.fulcrum.db.Author;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The admin tokens, each with a name that the change history records as the author of what it changed: one per
 * person or tool, given as {@code --admin-token NAME=TOKEN}; a token given without a name is named
 * {@value #DEFAULT_NAME}. Only the names are ever stored, shown or logged, never the tokens.
 */
public final class AdminTokens {

    /** The name of a token given without one. */
    public static final String DEFAULT_NAME = "admin";
    public static final int MIN_LENGTH = 16;
    public static final int MAX_NAME_LENGTH = 32;

    public static final AdminTokens NONE = new AdminTokens(Map.of());

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_NAME_LENGTH + "}");

    private final Map<String, byte[]> tokens;

    private AdminTokens(Map<String, byte[]> tokens) {
        this.tokens = tokens;
    }

    /** One token, named {@value #DEFAULT_NAME}; none for null. */
    public static AdminTokens single(String token) {
        return token == null ? NONE : parse(List.of(token));
    }

    /**
     * Reads {@code --admin-token} values: {@code NAME=TOKEN} where the part before the first {@code =} is a name
     * (letters, digits, {@code . _ -}, up to 32) and the rest a token, else the whole value is a token named
     * {@value #DEFAULT_NAME} (so a base64 token ending in {@code =} stays whole).
     *
     * @throws IllegalArgumentException naming the flag and the token's name, never the token
     */
    public static AdminTokens parse(List<String> values) {
        Map<String, byte[]> tokens = new LinkedHashMap<>();
        for (String value : values) {
            String name = DEFAULT_NAME;
            String token = value;
            int equals = value.indexOf('=');
            if (equals > 0 && NAME.matcher(value.substring(0, equals)).matches()
                    && !value.substring(equals + 1).replace("=", "").isEmpty()) {
                name = value.substring(0, equals);
                token = value.substring(equals + 1);
            }
            String flag = name.equals(DEFAULT_NAME) && token.equals(value) ? "--admin-token" : "--admin-token " + name;
            if (name.equals(Author.LOCAL) || name.equals(Author.STARTUP)) {
                throw new IllegalArgumentException(flag + ": the name '" + name + "' is reserved (the change history"
                        + " uses it for " + (name.equals(Author.LOCAL) ? "calls without a token" : "imports at start")
                        + "); choose another");
            }
            if (token.length() < MIN_LENGTH) {
                throw new IllegalArgumentException(flag + " is too short: use at least " + MIN_LENGTH + " characters");
            }
            if (tokens.containsKey(name)) {
                throw new IllegalArgumentException("--admin-token: the name '" + name + "' is given twice");
            }
            byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
            for (Map.Entry<String, byte[]> other : tokens.entrySet()) {
                if (MessageDigest.isEqual(other.getValue(), bytes)) {
                    throw new IllegalArgumentException("--admin-token " + name + " has the same token as "
                            + other.getKey() + ": give each name its own, so the history can tell them apart");
                }
            }
            tokens.put(name, bytes);
        }
        return tokens.isEmpty() ? NONE : new AdminTokens(Collections.unmodifiableMap(tokens));
    }

    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    public List<String> names() {
        return new ArrayList<>(tokens.keySet());
    }

    /**
     * The name of the token presented, or null when it is none of them. Every token is compared, each in constant
     * time, so the answer's timing says nothing about which came close.
     */
    String nameOf(byte[] presented) {
        String found = null;
        for (Map.Entry<String, byte[]> token : tokens.entrySet()) {
            if (MessageDigest.isEqual(token.getValue(), presented) && found == null) {
                found = token.getKey();
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return "AdminTokens" + names();
    }
}
