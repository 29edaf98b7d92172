package dev.fulcrum.pool;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The request key the {@link Algorithm#HASH hash} algorithm hashes: a header's value ({@code header:X-User-Id}), a
 * cookie's value ({@code cookie:session}), the client's address ({@code client-ip}: the address of the connection,
 * as HAProxy's {@code balance source}), or the path exactly as the client sent it ({@code path}, never decoded).
 *
 * @param name the header or cookie name; null for {@code client-ip} and {@code path}
 */
public record HashOn(Kind kind, String name) {

    public enum Kind {
        HEADER,
        COOKIE,
        CLIENT_IP,
        PATH
    }

    /** Header and cookie names longer than this are surely mistakes. */
    public static final int MAX_NAME_LENGTH = 64;

    /** An RFC 9110 token, which both header names and RFC 6265 cookie names are. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public HashOn {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.HEADER || kind == Kind.COOKIE) != (name != null)) {
            throw new IllegalArgumentException(kind + " takes " + (name == null ? "a name" : "no name"));
        }
        if (name != null) {
            checkToken(name, kind == Kind.HEADER ? "header name" : "cookie name");
        }
    }

    /** Parses {@code header:NAME}, {@code cookie:NAME}, {@code client-ip} or {@code path}. */
    public static HashOn parse(String text) {
        if ("client-ip".equals(text)) {
            return new HashOn(Kind.CLIENT_IP, null);
        }
        if ("path".equals(text)) {
            return new HashOn(Kind.PATH, null);
        }
        for (Kind kind : new Kind[] {Kind.HEADER, Kind.COOKIE}) {
            String prefix = kind == Kind.HEADER ? "header:" : "cookie:";
            if (text != null && text.startsWith(prefix)) {
                String name = text.substring(prefix.length());
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("'" + text + "' names no " + prefix.substring(0,
                            prefix.length() - 1) + "; e.g. " + prefix + (kind == Kind.HEADER ? "X-User-Id" : "session"));
                }
                return new HashOn(kind, name);
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a hash key; use header:NAME, cookie:NAME, client-ip"
                + " or path");
    }

    /** Checks a header or cookie name, for this record and for the sticky cookie's name. */
    public static String checkToken(String name, String what) {
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(what + " is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (!TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' may only contain letters, digits and"
                    + " !#$%&'*+.^_`|~-");
        }
        return name;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case HEADER -> "header:" + name;
            case COOKIE -> "cookie:" + name;
            case CLIENT_IP -> "client-ip";
            case PATH -> "path";
        };
    }
}
