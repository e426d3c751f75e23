package org.thor.dns;

import java.time.Duration;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * What the Thor zone looks like, independent of who is online: its name, how long answers may be
 * cached, how many nodes one answer names, and the SOA timers.
 *
 * <p>Why a short TTL (default 15 s): an answer names live nodes, and a resolver that caches it keeps
 * sending clients to a node that has left until the TTL runs out, so the TTL bounds how stale DNS
 * can be after a failure (with live membership: propagation time + TTL). Zero would make every
 * client query us for every call and defeat resolver caching altogether (the Consul "TTL 0 does not
 * scale" lesson), so the default keeps caches useful while a dead node drops out of clients' view
 * within seconds. The SOA minimum (negative-caching TTL, RFC 2308) defaults to the same value, so a
 * role that comes online is not hidden by a cached NXDOMAIN for longer than a positive answer.
 *
 * @param zone       the Thor domain, e.g. {@code example.com}; answers are authoritative for it and
 *                   every name below it
 * @param ttl        TTL of every record served (default 15 s; 1 s .. 1 day)
 * @param sliceSize  K: an answer names at most this many nodes of an RRset (default 5; 1..256)
 * @param hostmaster SOA RNAME as a mail address, e.g. {@code hostmaster@example.com} (default
 *                   {@code hostmaster.<zone>})
 * @param refresh    SOA refresh (default 1 hour; no secondaries are expected, zone transfers are refused)
 * @param retry      SOA retry (default 10 minutes)
 * @param expire     SOA expire (default 1 week)
 * @param negativeTtl SOA minimum, the TTL of NXDOMAIN/NODATA answers (default = ttl)
 */
public record ZoneConfig(Name zone, Duration ttl, int sliceSize, Name hostmaster,
                         Duration refresh, Duration retry, Duration expire, Duration negativeTtl) {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(15);
    public static final int DEFAULT_SLICE_SIZE = 5;
    public static final int MAX_SLICE_SIZE = 256;

    public ZoneConfig {
        if (zone == null) {
            throw new IllegalArgumentException("dns zone is missing");
        }
        if (!zone.isAbsolute()) {
            throw new IllegalArgumentException("dns zone must be absolute, got '" + zone + "'");
        }
        requireSeconds("ttl", ttl, 1, 86_400);
        if (sliceSize < 1 || sliceSize > MAX_SLICE_SIZE) {
            throw new IllegalArgumentException("dns slice size must be 1.." + MAX_SLICE_SIZE + ", got " + sliceSize);
        }
        if (hostmaster == null || !hostmaster.isAbsolute()) {
            throw new IllegalArgumentException("dns hostmaster must be an absolute name, got '" + hostmaster + "'");
        }
        requireSeconds("refresh", refresh, 1, Integer.MAX_VALUE);
        requireSeconds("retry", retry, 1, Integer.MAX_VALUE);
        requireSeconds("expire", expire, 1, Integer.MAX_VALUE);
        requireSeconds("negative ttl", negativeTtl, 1, 86_400);
    }

    /** The defaults for {@code zone} (a domain name such as {@code example.com}). */
    public static ZoneConfig defaults(String zone) {
        Name name = parseZone(zone);
        return new ZoneConfig(name, DEFAULT_TTL, DEFAULT_SLICE_SIZE, relative("hostmaster", name),
                Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofDays(7), DEFAULT_TTL);
    }

    /** The same zone with another TTL; the negative TTL follows it. */
    public ZoneConfig withTtl(Duration newTtl) {
        return new ZoneConfig(zone, newTtl, sliceSize, hostmaster, refresh, retry, expire, newTtl);
    }

    public ZoneConfig withSliceSize(int k) {
        return new ZoneConfig(zone, ttl, k, hostmaster, refresh, retry, expire, negativeTtl);
    }

    /** Parses a domain such as {@code example.com} or {@code example.com.} into an absolute name. */
    public static Name parseZone(String zone) {
        if (zone == null || zone.isBlank()) {
            throw new IllegalArgumentException("dns zone is missing");
        }
        try {
            Name name = Name.fromString(zone.strip(), Name.root);
            if (name.equals(Name.root)) {
                throw new IllegalArgumentException("dns zone must not be the root");
            }
            return name.canonicalize();
        } catch (TextParseException e) {
            throw new IllegalArgumentException("dns zone '" + zone + "' is not a domain name: " + e.getMessage(), e);
        }
    }

    static Name relative(String label, Name origin) {
        try {
            return Name.fromString(label, origin);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("'" + label + "." + origin + "' is not a domain name: " + e.getMessage(), e);
        }
    }

    private static void requireSeconds(String what, Duration d, long min, long max) {
        if (d == null || d.toMillis() % 1000 != 0 || d.getSeconds() < min || d.getSeconds() > max) {
            throw new IllegalArgumentException("dns " + what + " must be whole seconds in " + min + ".." + max
                    + " s, got " + d);
        }
    }
}
