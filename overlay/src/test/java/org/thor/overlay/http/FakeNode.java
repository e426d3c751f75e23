package org.thor.overlay.http;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.thor.overlay.member.Member;
import org.thor.overlay.membership.NetworkStatus;
import org.thor.overlay.membership.StatusVersion;
import org.thor.overlay.ring.RingDirectory;
import org.thor.overlay.ring.RoleRings;

/** A node the tests set by hand: rings from a {@link RingDirectory}, a status, counters. */
final class FakeNode implements NodeState {

    static final Member NODE1 = new Member("node1", "10.0.0.1", Set.of("sip_proxy"), Map.of("sip_proxy", 5060, "lookup", 9500));
    static final Member NODE2 = new Member("node2", "10.0.0.2", Set.of("sip_proxy", "voicemail_server"), Map.of("sip_proxy", 5060));

    final RingDirectory rings = new RingDirectory(RoleRings.empty(100));
    final Map<String, Boolean> health = new ConcurrentHashMap<>();
    volatile NetworkStatus status;
    volatile int servers;
    volatile long delivered;

    /** Publishes a status with {@code members}, as a member's status follower would. */
    void status(long term, long sequence, List<Member> members) {
        status = new NetworkStatus(new StatusVersion(term, sequence), "manager<1>", members, Set.of());
        rings.publish(RoleRings.of(100, members));
    }

    @Override
    public String memberId() {
        return "node1";
    }

    @Override
    public RoleRings rings() {
        return rings.get();
    }

    @Override
    public NetworkStatus status() {
        return status;
    }

    @Override
    public int connectedEventServers() {
        return servers;
    }

    @Override
    public long eventsDelivered() {
        return delivered;
    }

    @Override
    public Map<String, Boolean> roleHealth() {
        return Map.copyOf(health);
    }
}
