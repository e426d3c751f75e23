package org.thor.overlay.member;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One server of the network as the overlay sees it: a stable id, the address others reach it at,
 * the roles it serves and its named ports.
 *
 * <p>The id places the member on the hash rings, so it must not change while the member lives; it
 * is printable ASCII without spaces (by convention the member's address, as in SIP Thor).
 *
 * @param id      ring identity, printable ASCII without white space
 * @param address the IP address (or host name) clients use to reach this member
 * @param roles   roles the member serves, e.g. {@code sip_proxy}
 * @param ports   port name to number, e.g. {@code lookup -> 9500}; a role's own port is named after it
 * @param outsideRing roles this member serves without a place on their hash ring (a role definition's
 *                {@code ring: false}): it is online in them, but no subscriber's home
 */
public record Member(String id, String address, Set<String> roles, Map<String, Integer> ports, Set<String> outsideRing) {

    public Member {
        requireToken("id", id);
        requireToken("address", address);
        roles = Set.copyOf(new TreeSet<>(roles == null ? Set.of() : roles));
        for (String role : roles) {
            requireToken("role", role);
        }
        ports = Map.copyOf(new TreeMap<>(ports == null ? Map.of() : ports));
        outsideRing = Set.copyOf(new TreeSet<>(outsideRing == null ? Set.of() : outsideRing));
        for (String role : outsideRing) {
            if (!roles.contains(role)) {
                throw new IllegalArgumentException("member " + id + ": role '" + role + "' is outside the ring but not served");
            }
        }
        ports.forEach((name, port) -> {
            requireToken("port name", name);
            if (port == null || port < 1 || port > 65535) {
                throw new IllegalArgumentException("member " + id + ": port '" + name + "' must be 1..65535, got " + port);
            }
        });
    }

    public Member(String id, String address, Set<String> roles, Map<String, Integer> ports) {
        this(id, address, roles, ports, Set.of());
    }

    public Member(String id, String address, Set<String> roles) {
        this(id, address, roles, Map.of());
    }

    /** The port named {@code name}, or -1 when the member publishes none by that name. */
    public int port(String name) {
        Integer port = ports.get(name);
        return port == null ? -1 : port;
    }

    public boolean serves(String role) {
        return roles.contains(role);
    }

    /** Whether this member is placed on {@code role}'s ring: it serves the role and is not outside the ring. */
    public boolean onRing(String role) {
        return roles.contains(role) && !outsideRing.contains(role);
    }

    private static void requireToken(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("member " + what + " is missing");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException("member " + what + " '" + value
                        + "' must be printable ASCII without spaces");
            }
        }
    }
}
