package org.thor.overlay.ring;

/**
 * The hash that places keys and node points on the ring.
 *
 * <p>{@code hash64(s)} is 64-bit FNV-1a over the UTF-8 bytes of {@code s}, passed through the
 * MurmurHash3 64-bit finaliser ({@code fmix64}) so that every output bit depends on every input
 * bit (FNV-1a alone leaves the high bits of short keys poorly mixed). A position on the circle is
 * the high 32 bits of a 64-bit hash, read as an unsigned integer in {@code [0, 2^32)}.
 *
 * <p>The algorithm is written out in {@code docs/hash-ring.md} and checked against
 * {@code overlay/src/test/resources/ring-test-vectors.json}, so any implementation can verify
 * itself against this one.
 */
public final class RingHash {

    static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    static final long FNV_PRIME = 0x100000001b3L;
    /** Added once per point index when a node's points are derived from its id (2^64 / golden ratio). */
    static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private RingHash() {
    }

    /** FNV-1a 64 of the UTF-8 encoding of {@code s}, then {@link #fmix64}. Allocates nothing. */
    public static long hash64(CharSequence s) {
        long h = FNV_OFFSET_BASIS;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                h = (h ^ c) * FNV_PRIME;
            } else if (c < 0x800) {
                h = (h ^ (0xc0 | (c >>> 6))) * FNV_PRIME;
                h = (h ^ (0x80 | (c & 0x3f))) * FNV_PRIME;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                h = (h ^ (0xf0 | (cp >>> 18))) * FNV_PRIME;
                h = (h ^ (0x80 | ((cp >>> 12) & 0x3f))) * FNV_PRIME;
                h = (h ^ (0x80 | ((cp >>> 6) & 0x3f))) * FNV_PRIME;
                h = (h ^ (0x80 | (cp & 0x3f))) * FNV_PRIME;
            } else {
                // A lone surrogate encodes as U+FFFD, as String.getBytes(UTF_8) does.
                int cp = Character.isSurrogate(c) ? 0xfffd : c;
                h = (h ^ (0xe0 | (cp >>> 12))) * FNV_PRIME;
                h = (h ^ (0x80 | ((cp >>> 6) & 0x3f))) * FNV_PRIME;
                h = (h ^ (0x80 | (cp & 0x3f))) * FNV_PRIME;
            }
        }
        return fmix64(h);
    }

    /** The MurmurHash3 64-bit finaliser: a bijection on 64-bit values with full avalanche. */
    public static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    /** Position on the circle of a key: the high 32 bits of {@link #hash64}, unsigned. */
    public static long position(CharSequence normalisedKey) {
        return hash64(normalisedKey) >>> 32;
    }

    /**
     * Position of point {@code index} (0-based) of the node whose id hashes to {@code idHash}:
     * {@code fmix64(idHash + (index + 1) * GOLDEN_GAMMA) >>> 32}.
     */
    public static long pointPosition(long idHash, int index) {
        return fmix64(idHash + (index + 1L) * GOLDEN_GAMMA) >>> 32;
    }
}
