package dev.fulcrum.db;

/**
 * One item a revision touched: its kind ({@code backend}, {@code settings}, {@code webhook}, ...), its id, and its
 * JSON before and after the change. A null {@code before} means the change created it, a null {@code after} that it
 * removed it. The JSON is the caller's: this module stores and returns it as it is.
 */
public record Touched(String kind, long id, String before, String after) {

    public Touched {
        if (kind == null || kind.isEmpty() || kind.length() > 16) {
            throw new IllegalArgumentException("kind must be 1-16 characters: " + kind);
        }
        if (before == null && after == null) {
            throw new IllegalArgumentException(kind + " " + id + ": nothing before and nothing after");
        }
    }
}
