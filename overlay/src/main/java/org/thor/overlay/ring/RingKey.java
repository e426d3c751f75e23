package org.thor.overlay.ring;

import java.util.Locale;

/**
 * Turns what a client sends as a subscriber into the key that is hashed onto the ring.
 *
 * <p>A key is the subscriber as {@code user@domain}. These are stripped: surrounding white space,
 * angle brackets ({@code <sip:alice@example.com>}), a {@code sip:} or {@code sips:} scheme (any
 * case), URI parameters and headers (from the first {@code ;} or {@code ?}), and a port after the
 * domain. The domain is lower-cased (RFC 3261 section 19.1.4: host names compare without case);
 * the user part keeps its case, since SIP user parts are case-sensitive. A key without {@code @}
 * is a host name and is lower-cased whole.
 */
public final class RingKey {

    private RingKey() {
    }

    /**
     * Returns the normalised form of {@code key}.
     *
     * @throws IllegalArgumentException if nothing is left of the key, or its user or domain is empty
     */
    public static String normalise(String key) {
        if (key == null) {
            throw new IllegalArgumentException("key is missing");
        }
        int start = 0;
        int end = key.length();
        while (start < end && Character.isWhitespace(key.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(key.charAt(end - 1))) {
            end--;
        }
        if (end > start && key.charAt(start) == '<' && key.charAt(end - 1) == '>') {
            start++;
            end--;
        }
        if (key.regionMatches(true, start, "sip:", 0, 4)) {
            start += 4;
        } else if (key.regionMatches(true, start, "sips:", 0, 5)) {
            start += 5;
        }
        for (int i = start; i < end; i++) {
            char c = key.charAt(i);
            if (c == ';' || c == '?') {
                end = i;
                break;
            }
        }
        int at = key.lastIndexOf('@', end - 1);
        if (at < start) {
            at = -1;
        }
        int hostStart = at < 0 ? start : at + 1;
        int hostEnd = hostEnd(key, hostStart, end);
        if (at == start) {
            throw new IllegalArgumentException("key '" + key + "' has an empty user part");
        }
        if (hostEnd <= hostStart) {
            throw new IllegalArgumentException(at < 0
                    ? "key is empty"
                    : "key '" + key + "' has an empty domain");
        }
        boolean lower = true;
        for (int i = hostStart; i < hostEnd; i++) {
            char c = key.charAt(i);
            if (Character.toLowerCase(c) != c) {
                lower = false;
                break;
            }
        }
        if (lower && start == 0 && hostEnd == key.length()) {
            return key;
        }
        String host = key.substring(hostStart, hostEnd);
        if (!lower) {
            host = host.toLowerCase(Locale.ROOT);
        }
        return at < 0 ? host : key.substring(start, at + 1) + host;
    }

    /** End of the host part: before a {@code :port}, except inside an IPv6 reference. */
    private static int hostEnd(String key, int hostStart, int end) {
        if (hostStart < end && key.charAt(hostStart) == '[') {
            int close = key.indexOf(']', hostStart);
            return close < 0 || close >= end ? end : close + 1;
        }
        int colon = key.indexOf(':', hostStart);
        return colon < 0 || colon >= end ? end : colon;
    }
}
