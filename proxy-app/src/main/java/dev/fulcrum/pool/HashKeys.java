package dev.fulcrum.pool;

/**
 * How a request key becomes a position on the {@link HashRing}: FNV-1a over the key's characters, then MurmurHash3's
 * 64-bit finaliser so that keys alike in all but their last characters land far apart. Deterministic, so that every
 * instance sends one key to the same backend. Never 0, which callers use for "no key".
 */
public final class HashKeys {

    /** What key-reading code returns when the request has no key. */
    public static final long NONE = 0;

    private static final long FNV_OFFSET = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;

    private HashKeys() {
    }

    /** The position of the characters {@code [start, end)} of {@code key}. */
    public static long of(CharSequence key, int start, int end) {
        long hash = FNV_OFFSET;
        for (int i = start; i < end; i++) {
            hash = (hash ^ key.charAt(i)) * FNV_PRIME;
        }
        return nonZero(mix(hash));
    }

    public static long of(CharSequence key) {
        return of(key, 0, key.length());
    }

    /** The position of a key that is a number already, such as an IPv4 address. */
    public static long of(long key) {
        return nonZero(mix(key ^ FNV_OFFSET));
    }

    /** MurmurHash3's fmix64. */
    static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    private static long nonZero(long hash) {
        return hash == NONE ? 1 : hash;
    }
}
