package org.thor.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.thor.overlay.member.Member;
import org.thor.overlay.ring.RingHash;

/**
 * The textbook consistent-hash ring the benchmarks compare against: {@code multiply} points per
 * node in a {@link TreeMap}, a lookup is {@code ceilingEntry} of the key's position (wrapping to
 * the first entry). Same hash and point placement as {@code HashRing}, so only the structure
 * differs.
 */
public final class TreeMapRing {

    private final TreeMap<Long, Member> points = new TreeMap<>();

    public TreeMapRing(Collection<Member> members, int pointsPerNode) {
        for (Member m : members) {
            long idHash = RingHash.hash64(m.id());
            for (int j = 0; j < pointsPerNode; j++) {
                points.merge(RingHash.pointPosition(idHash, j), m, (a, b) -> a.id().compareTo(b.id()) <= 0 ? a : b);
            }
        }
    }

    public Member lookupNormalised(String key) {
        Map.Entry<Long, Member> e = points.ceilingEntry(RingHash.position(key));
        return (e != null ? e : points.firstEntry()).getValue();
    }

    public int points() {
        return points.size();
    }
}
