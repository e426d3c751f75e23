package org.thor.overlay.ring;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.thor.overlay.member.Member;

/**
 * One immutable snapshot of the network as lookups see it: a {@link HashRing} per role, built from
 * the members that are online. A new membership produces a new snapshot that replaces the old one
 * in one reference swap (see {@link RingDirectory}).
 */
public final class RoleRings {

    private final int multiply;
    private final Map<String, HashRing> rings;
    private final Map<String, List<Member>> serving;
    private final Map<String, Set<String>> addressesByRole;

    private RoleRings(int multiply, Map<String, HashRing> rings, Map<String, List<Member>> serving) {
        this.multiply = multiply;
        this.rings = Map.copyOf(rings);
        this.serving = Map.copyOf(serving);
        Map<String, Set<String>> addresses = new HashMap<>();
        serving.forEach((role, list) -> {
            Set<String> set = new HashSet<>();
            list.forEach(m -> set.add(m.address()));
            addresses.put(role, Set.copyOf(set));
        });
        this.addressesByRole = Map.copyOf(addresses);
    }

    /**
     * A ring for every role that at least one of {@code members} serves on the ring; members that
     * serve a role outside its ring ({@link Member#outsideRing()}) count as online in it but are
     * no subscriber's home.
     */
    public static RoleRings of(int multiply, Collection<Member> members) {
        return of(multiply, members, null);
    }

    /**
     * As {@link #of(int, Collection)}, taking over from {@code previous} (may be null) every ring
     * whose members are unchanged: one node joining rebuilds only the rings of its roles, which
     * matters when a burst of statuses arrives (a network starting, a data center coming back).
     */
    public static RoleRings of(int multiply, Collection<Member> members, RoleRings previous) {
        Map<String, List<Member>> byRole = new TreeMap<>();
        Map<String, List<Member>> onRing = new TreeMap<>();
        for (Member member : members) {
            for (String role : member.roles()) {
                byRole.computeIfAbsent(role, r -> new java.util.ArrayList<>()).add(member);
                if (member.onRing(role)) {
                    onRing.computeIfAbsent(role, r -> new java.util.ArrayList<>()).add(member);
                }
            }
        }
        Map<String, HashRing> rings = new HashMap<>();
        onRing.forEach((role, list) -> {
            HashRing before = previous == null || previous.multiply != multiply ? null : previous.rings.get(role);
            List<Member> sorted = list.stream().sorted(java.util.Comparator.comparing(Member::id)).toList();
            rings.put(role, before != null && before.members().equals(sorted) ? before : HashRing.of(role, multiply, sorted));
        });
        Map<String, List<Member>> serving = new HashMap<>();
        byRole.forEach((role, list) -> serving.put(role, list.stream()
                .sorted(java.util.Comparator.comparing(Member::id)).toList()));
        return new RoleRings(multiply, rings, serving);
    }

    public static RoleRings empty(int multiply) {
        return new RoleRings(multiply, Map.of(), Map.of());
    }

    /** The ring of {@code role}; an empty ring when no member serves it. */
    public HashRing ring(String role) {
        HashRing ring = rings.get(role);
        return ring != null ? ring : HashRing.empty(role, multiply);
    }

    /**
     * The home member of {@code key} for {@code role}.
     *
     * @throws NoNodeOnlineException when no member serves the role, or the role is served outside any ring
     * @throws IllegalArgumentException when the key is empty or malformed
     */
    public Member lookup(String role, String key) {
        HashRing ring = ring(role);
        if (ring.isEmpty() && serving.containsKey(role)) {
            throw new NoNodeOnlineException(role, "role " + role + " takes no part in the ring (no subscriber has a home in it)");
        }
        return ring.lookup(key);
    }

    /** The members that serve {@code role} (on its ring or outside it), sorted by id. */
    public List<Member> serving(String role) {
        return serving.getOrDefault(role, List.of());
    }

    /** Whether a member reachable at {@code address} is online in {@code role}. */
    public boolean isOnline(String address, String role) {
        Set<String> addresses = addressesByRole.get(role);
        return addresses != null && addresses.contains(address);
    }

    /** Roles with at least one member online, sorted. */
    public Set<String> roles() {
        return new java.util.TreeSet<>(serving.keySet());
    }

    public int multiply() {
        return multiply;
    }
}
