package org.thor.overlay.ring;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.thor.overlay.member.Member;

/**
 * A consistent-hash ring for one role: which member is the home of a subscriber.
 *
 * <p>As in SIP Thor, keys and members map onto one circle of integers {@code [0, 2^32)}, each
 * member placed at many points so that load is shared evenly from three members up, and a key
 * belongs to the member of the first point at or after the key's position, clockwise. Two changes
 * make lookups faster and departures fairer than the textbook ring:
 * <ul>
 *   <li><b>Points.</b> A member is placed at {@code multiply × SUBPOINTS} points
 *   ({@value #SUBPOINTS} sub-points for each of the {@code multiply} points operators configure;
 *   default multiply 1000 as in SIP Thor). With only {@code multiply} points a departing member's
 *   arcs fall on about {@code multiply / (n-1)} arcs of each survivor, and the survivor that
 *   happens to follow the longest arcs receives 1.2-1.4 times its even share of the orphaned
 *   keys. Thirty-two times as many points bring that to about 1.05 (see docs/hash-ring.md).</li>
 *   <li><b>Compiled slots.</b> The circle is cut into {@code 2^SLOT_BITS} equal slots and the
 *   ring is compiled into a table: slot {@code s} belongs to the member of the first point at or
 *   after the slot's start {@code s << (32 - SLOT_BITS)}. A key belongs to the owner of the slot
 *   its position falls in, so a lookup is one hash and one array read, whatever the number of
 *   members or points, and no point list is kept after compilation.</li>
 * </ul>
 * Ties (two points at one position) go to the member whose id sorts first.
 *
 * <p>Instances are immutable snapshots: {@link #with} and {@link #without} return new rings, so a
 * reader never locks and never sees a half-built ring. The hash and placement are specified in
 * docs/hash-ring.md with test vectors.
 */
public final class HashRing {

    public static final int DEFAULT_MULTIPLY = 1000;
    public static final int MAX_MULTIPLY = 100_000;
    public static final int SUBPOINTS = 32;
    public static final int SLOT_BITS = 20;
    public static final int SLOTS = 1 << SLOT_BITS;
    /** Slot owners are stored as unsigned 16-bit indexes. */
    public static final int MAX_MEMBERS = 65_535;

    private static final int OFFSET_BITS = 32 - SLOT_BITS;
    /**
     * The table is stored in chunks of 2^16 owners (128 KiB): one 2 MiB array would be a
     * "humongous" object under G1, which rounds it up to whole regions and can double its cost.
     */
    private static final int CHUNK_BITS = 16;
    private static final int CHUNK_MASK = (1 << CHUNK_BITS) - 1;
    private static final int EMPTY = Integer.MAX_VALUE;

    private final String role;
    private final int multiply;
    private final Member[] members;
    private final char[][] slotOwner;

    private HashRing(String role, int multiply, Member[] members) {
        this.role = role;
        this.multiply = multiply;
        this.members = members;
        this.slotOwner = members.length == 0 ? null : compile(members, multiply);
    }

    /** A ring for {@code role} with the given members, each placed at {@code multiply × SUBPOINTS} points. */
    public static HashRing of(String role, int multiply, Collection<Member> members) {
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("role is missing");
        }
        if (multiply < 1 || multiply > MAX_MULTIPLY) {
            throw new IllegalArgumentException("multiply must be 1.." + MAX_MULTIPLY + ", got " + multiply);
        }
        Member[] sorted = members.toArray(new Member[0]);
        Arrays.sort(sorted, Comparator.comparing(Member::id));
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i].id().equals(sorted[i - 1].id())) {
                throw new IllegalArgumentException("ring " + role + ": member id " + sorted[i].id() + " appears twice");
            }
        }
        if (sorted.length > MAX_MEMBERS) {
            throw new IllegalArgumentException("ring " + role + ": at most " + MAX_MEMBERS + " members, got " + sorted.length);
        }
        return new HashRing(role, multiply, sorted);
    }

    public static HashRing of(String role, Collection<Member> members) {
        return of(role, DEFAULT_MULTIPLY, members);
    }

    public static HashRing empty(String role, int multiply) {
        return of(role, multiply, List.of());
    }

    /** This ring with {@code member} added, or replacing the member of the same id. */
    public HashRing with(Member member) {
        Map<String, Member> byId = membersById();
        byId.put(member.id(), member);
        return of(role, multiply, byId.values());
    }

    /** This ring without the member whose id is {@code id}; this ring itself when it has none. */
    public HashRing without(String id) {
        Map<String, Member> byId = membersById();
        return byId.remove(id) == null ? this : of(role, multiply, byId.values());
    }

    /**
     * The home member of {@code key}, after {@link RingKey#normalise normalisation}.
     *
     * @throws NoNodeOnlineException when the ring is empty
     * @throws IllegalArgumentException when the key is empty or malformed
     */
    public Member lookup(String key) {
        return lookupNormalised(RingKey.normalise(key));
    }

    /** The home member of a key that is already normalised. */
    public Member lookupNormalised(CharSequence normalisedKey) {
        char[][] owners = slotOwner;
        if (owners == null) {
            throw new NoNodeOnlineException(role);
        }
        int slot = (int) (RingHash.hash64(normalisedKey) >>> (64 - SLOT_BITS));
        return members[owners[slot >>> CHUNK_BITS][slot & CHUNK_MASK]];
    }

    /** The owner of slot {@code slot}; for test vectors and diagnostics. */
    public Member slotOwner(int slot) {
        if (slotOwner == null) {
            throw new NoNodeOnlineException(role);
        }
        return members[slotOwner[slot >>> CHUNK_BITS][slot & CHUNK_MASK]];
    }

    public String role() {
        return role;
    }

    public int multiply() {
        return multiply;
    }

    /** Members sorted by id. */
    public List<Member> members() {
        return List.of(members);
    }

    public int size() {
        return members.length;
    }

    public boolean isEmpty() {
        return members.length == 0;
    }

    private Map<String, Member> membersById() {
        Map<String, Member> byId = new TreeMap<>();
        for (Member member : members) {
            byId.put(member.id(), member);
        }
        return byId;
    }

    /**
     * For every slot, the first point at or after its start. First pass: the smallest point inside
     * each slot, packed as {@code offset << 16 | memberIndex} so that one integer comparison orders
     * by position and then by id. Second pass, backwards around the circle: an empty slot takes the
     * owner of the next slot.
     */
    private static char[][] compile(Member[] members, int multiply) {
        int[] first = new int[SLOTS];
        Arrays.fill(first, EMPTY);
        int points = multiply * SUBPOINTS;
        for (int m = 0; m < members.length; m++) {
            long idHash = RingHash.hash64(members[m].id());
            for (int j = 0; j < points; j++) {
                long position = RingHash.pointPosition(idHash, j);
                int slot = (int) (position >>> OFFSET_BITS);
                int packed = ((int) (position & ((1 << OFFSET_BITS) - 1)) << 16) | m;
                if (packed < first[slot]) {
                    first[slot] = packed;
                }
            }
        }
        // The slots after the last point wrap around to the first point of the circle.
        int owner = 0;
        for (int s = 0; s < SLOTS; s++) {
            if (first[s] != EMPTY) {
                owner = first[s] & 0xffff;
                break;
            }
        }
        char[][] table = new char[SLOTS >>> CHUNK_BITS][1 << CHUNK_BITS];
        for (int s = SLOTS - 1; s >= 0; s--) {
            if (first[s] != EMPTY) {
                owner = first[s] & 0xffff;
            }
            table[s >>> CHUNK_BITS][s & CHUNK_MASK] = (char) owner;
        }
        return table;
    }

    @Override
    public String toString() {
        return "HashRing[" + role + ", " + members.length + " members, multiply " + multiply + "]";
    }
}
