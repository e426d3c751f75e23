package org.thor.overlay.http;

import java.util.Map;
import java.util.function.Supplier;
import org.thor.overlay.agent.MemberAgent;
import org.thor.overlay.membership.NetworkStatus;
import org.thor.overlay.ring.RoleRings;

/**
 * What the node HTTP API reads about its node. A narrow interface rather than the agent itself, so
 * a test drives the API from a {@code RingDirectory} and a status it sets, and so that role health
 * (kept by the adapters module, which overlay must not depend on) comes in as a plain supplier.
 */
public interface NodeState {

    /** This member's id, or null while it has not joined. */
    String memberId();

    /** The rings lookups are answered from. */
    RoleRings rings();

    /** The latest network status, or null before the first one arrives. */
    NetworkStatus status();

    /** Event servers the member is connected to now. */
    int connectedEventServers();

    /** Events delivered to the member since it started. */
    long eventsDelivered();

    /** Health of each role this node watches (role → healthy), empty when no role monitor runs. */
    Map<String, Boolean> roleHealth();

    /**
     * The state of a running member agent; {@code roleHealth} may be null. {@code agent} is asked
     * each time, so the API can start before the member does (it then reports not ready).
     */
    static NodeState of(Supplier<MemberAgent> agent, int multiply, Supplier<Map<String, Boolean>> roleHealth) {
        RoleRings empty = RoleRings.empty(multiply);
        return new NodeState() {
            @Override
            public String memberId() {
                MemberAgent a = agent.get();
                return a == null ? null : a.member().id();
            }

            @Override
            public RoleRings rings() {
                MemberAgent a = agent.get();
                return a == null ? empty : a.rings().get();
            }

            @Override
            public NetworkStatus status() {
                MemberAgent a = agent.get();
                return a == null ? null : a.follower().current();
            }

            @Override
            public int connectedEventServers() {
                MemberAgent a = agent.get();
                return a == null ? 0 : a.client().connectedServers();
            }

            @Override
            public long eventsDelivered() {
                MemberAgent a = agent.get();
                return a == null ? 0 : a.client().delivered();
            }

            @Override
            public Map<String, Boolean> roleHealth() {
                Map<String, Boolean> health = roleHealth == null ? null : roleHealth.get();
                return health == null ? Map.of() : health;
            }
        };
    }
}
