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
    private final Map<String, Set<String>> addressesByRole;

    private RoleRings(int multiply, Map<String, HashRing> rings) {
        this.multiply = multiply;
        this.rings = Map.copyOf(rings);
        Map<String, Set<String>> addresses = new HashMap<>();
        rings.forEach((role, ring) -> {
            Set<String> set = new HashSet<>();
            ring.members().forEach(m -> set.add(m.address()));
            addresses.put(role, Set.copyOf(set));
        });
        this.addressesByRole = Map.copyOf(addresses);
    }

    /** A ring for every role that at least one of {@code members} serves. */
    public static RoleRings of(int multiply, Collection<Member> members) {
        Map<String, List<Member>> byRole = new TreeMap<>();
        for (Member member : members) {
            for (String role : member.roles()) {
                byRole.computeIfAbsent(role, r -> new java.util.ArrayList<>()).add(member);
            }
        }
        Map<String, HashRing> rings = new HashMap<>();
        byRole.forEach((role, list) -> rings.put(role, HashRing.of(role, multiply, list)));
        return new RoleRings(multiply, rings);
    }

    public static RoleRings empty(int multiply) {
        return new RoleRings(multiply, Map.of());
    }

    /** The ring of {@code role}; an empty ring when no member serves it. */
    public HashRing ring(String role) {
        HashRing ring = rings.get(role);
        return ring != null ? ring : HashRing.empty(role, multiply);
    }

    /** The home member of {@code key} for {@code role}. */
    public Member lookup(String role, String key) {
        return ring(role).lookup(key);
    }

    /** Whether a member reachable at {@code address} is online in {@code role}. */
    public boolean isOnline(String address, String role) {
        Set<String> addresses = addressesByRole.get(role);
        return addresses != null && addresses.contains(address);
    }

    /** Roles with at least one member online, sorted. */
    public Set<String> roles() {
        return new java.util.TreeSet<>(rings.keySet());
    }

    public int multiply() {
        return multiply;
    }
}
