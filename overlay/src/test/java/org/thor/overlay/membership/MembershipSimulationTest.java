package org.thor.overlay.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thor.overlay.member.Member;
import org.thor.overlay.membership.SimulatedNetwork.Node;

/**
 * Membership, election and failure detection of a whole network (3 event servers, 2 managers, 5
 * nodes) on a simulated clock, with the default settings: the timing targets of the membership
 * design (crash gone within 1 s, hang within 3 s, manager failover within 2 s) checked in
 * simulated time.
 */
class MembershipSimulationTest {

    private final SimulatedNetwork net = new SimulatedNetwork(MembershipSettings.defaults(3));
    private final Set<String> everyone = new HashSet<>();

    @BeforeEach
    void startNetwork() {
        for (String s : List.of("es1", "es2", "es3")) {
            net.addServer(s);
        }
        net.addNode("manager1", "thor_manager");
        net.run(100);
        net.addNode("manager2", "thor_manager");
        for (int i = 1; i <= 5; i++) {
            net.addNode("node" + i, "sip_proxy");
        }
        everyone.addAll(net.nodes.keySet());
        long joined = net.runUntil(() -> allHealthySee(everyone), 5_000);
        assertThat(joined).as("every member sees the whole network").isNotNegative();
    }

    private boolean allHealthySee(Set<String> expected) {
        return net.healthy().stream().allMatch(n -> n.onlineIds().equals(expected));
    }

    private Set<String> without(String... ids) {
        Set<String> set = new HashSet<>(everyone);
        List.of(ids).forEach(set::remove);
        return set;
    }

    @Test
    void joinedMembersGiveTheSameAnswerForTenThousandKeys() {
        assertThat(net.activeManager()).get().extracting(Node::id).isEqualTo("manager1");
        List<Node> healthy = net.healthy();
        for (int k = 0; k < 10_000; k++) {
            String key = "user" + k + "@example.com";
            Member first = healthy.get(0).rings.get().lookup("sip_proxy", key);
            for (Node n : healthy) {
                assertThat(n.rings.get().lookup("sip_proxy", key)).isEqualTo(first);
            }
        }
    }

    @Test
    void aCrashedNodeLeavesEveryRingWithinOneSecond() {
        net.crash("node3");
        long took = net.runUntil(() -> allHealthySee(without("node3")), 1_000);
        assertThat(took).as("ms until every member dropped node3").isBetween(0L, 1_000L);
        assertThat(net.nodes.get("node1").rings.get().ring("sip_proxy").members())
                .extracting(Member::id).doesNotContain("node3");
    }

    @Test
    void aHungNodeLeavesWithinThreeSecondsAndReturnsWhenItResumes() {
        net.pause("node2", true);
        long took = net.runUntil(() -> allHealthySee(without("node2")), 3_000);
        assertThat(took).as("ms until every member dropped the paused node").isBetween(0L, 3_000L);
        net.pause("node2", false);
        assertThat(net.runUntil(() -> allHealthySee(everyone), 3_000)).isNotNegative();
    }

    @Test
    void aCleanLeaveIsImmediate() {
        net.leave("node4");
        assertThat(net.runUntil(() -> allHealthySee(without("node4")), 100)).isBetween(0L, 100L);
    }

    @Test
    void whenTheActiveManagerDiesAnotherTakesOverWithinTwoSecondsAndNoHealthyNodeIsDropped() {
        int before = net.published.size();
        StatusVersion oldVersion = net.nodes.get("node1").follower.current().version();
        net.crash("manager1");
        long took = net.runUntil(() -> net.activeManager().map(Node::id).orElse("").equals("manager2")
                && allHealthySee(without("manager1")), 2_000);
        assertThat(took).as("ms until manager2 is active and published").isBetween(0L, 2_000L);
        for (NetworkStatus status : net.published.subList(before, net.published.size())) {
            assertThat(status.members()).extracting(Member::id)
                    .as("status %s", status.version())
                    .containsAll(without("manager1"));
        }
        assertThat(net.nodes.get("node1").follower.current().version().term()).isGreaterThan(oldVersion.term());
        net.run(10_000);
        assertThat(allHealthySee(without("manager1"))).isTrue();
    }

    @Test
    void aRestartedManagerDoesNotTakeTheRoleBack() {
        net.crash("manager1");
        net.run(2_000);
        Node again = net.addNode("manager1b", "thor_manager");
        net.run(2_000);
        assertThat(again.manager.isActive()).isFalse();
        assertThat(net.activeManager()).get().extracting(Node::id).isEqualTo("manager2");
    }

    @Test
    void losingOneEventServerMarksNobodyOffline() {
        int before = net.published.size();
        net.killServer("es2");
        net.run(10_000);
        for (NetworkStatus status : net.published.subList(before, net.published.size())) {
            assertThat(status.members()).extracting(Member::id).containsExactlyInAnyOrderElementsOf(everyone);
        }
        assertThat(allHealthySee(everyone)).isTrue();
    }

    @Test
    void aMemberIsOnlineWhileAMajorityOfEventServersSeeIt() {
        // node5 loses es1 only: es2 and es3 (2 of 3) still see it.
        net.cut("node5", "es1", true);
        net.run(5_000);
        assertThat(allHealthySee(everyone)).isTrue();
        // node5 loses es2 as well: 1 of 3 is no majority, although node5 and es3 still talk.
        net.cut("node5", "es2", true);
        assertThat(net.runUntil(() -> net.healthy().stream().filter(n -> !n.id().equals("node5"))
                .allMatch(n -> n.onlineIds().equals(without("node5"))), 3_000)).isNotNegative();
        net.cut("node5", "es1", false);
        assertThat(net.runUntil(() -> allHealthySee(everyone), 3_000)).isNotNegative();
    }

    @Test
    void partialConnectivityIsSettledByTheEventServerMajority() {
        // A (node1) sees es1 only, C (node2) sees es3 only, B (node3) sees all: A and C do not see
        // each other through any server. A and C are each seen by 1 of 3 servers: both offline; B stays.
        net.cut("node1", "es2", true);
        net.cut("node1", "es3", true);
        net.cut("node2", "es1", true);
        net.cut("node2", "es2", true);
        assertThat(net.runUntil(() -> net.nodes.get("node3").onlineIds().equals(without("node1", "node2")), 3_000))
                .isNotNegative();
        assertThat(net.nodes.get("manager2").onlineIds()).isEqualTo(without("node1", "node2"));
    }

    @Test
    void aManagerCutOffFromTheMajorityPublishesNothing() {
        net.cut("manager1", "es1", true);
        net.cut("manager1", "es2", true);
        long took = net.runUntil(() -> net.activeManager().map(Node::id).orElse("").equals("manager2"), 3_000);
        assertThat(took).isNotNegative();
        int before = net.published.size();
        net.run(10_000);
        assertThat(net.published.subList(before, net.published.size()))
                .allMatch(s -> s.activeManager().equals("manager2"));
        assertThat(net.nodes.get("manager1").manager.isActive()).isFalse();
    }

    @Test
    void anOperatorDisablesAndEnablesANodeAndFailoverKeepsIt() {
        net.admin(new AdminCommand(AdminCommand.Action.DISABLE, "node2"));
        assertThat(net.runUntil(() -> allHealthySee(without("node2")), 100)).isNotNegative();
        net.crash("manager1");
        net.run(3_000);
        assertThat(net.activeManager()).get().extracting(Node::id).isEqualTo("manager2");
        assertThat(allHealthySee(without("node2", "manager1"))).as("disabled survives failover").isTrue();
        net.admin(new AdminCommand(AdminCommand.Action.ENABLE, "node2"));
        assertThat(net.runUntil(() -> allHealthySee(without("manager1")), 100)).isNotNegative();
    }

    @Test
    void aManagerThatJustJoinedListensBeforeItPublishes() {
        // a manager with an older incarnation than the active one joins: it wins the election, but
        // only once it has heard every member, so its first status drops nobody
        int before = net.published.size();
        Node older = net.addNode("manager0", net.now - 60_000, "thor_manager");
        assertThat(net.runUntil(() -> older.manager.isActive(), 5_000)).isNotNegative();
        net.run(1_000);
        Set<String> withOlder = new HashSet<>(everyone);
        withOlder.add("manager0");
        for (NetworkStatus status : net.published.subList(before, net.published.size())) {
            assertThat(status.members()).extracting(Member::id).as("status %s by %s", status.version(), status.activeManager())
                    .containsAll(everyone);
        }
        assertThat(net.healthy()).allSatisfy(n -> assertThat(n.onlineIds()).as(n.id()).isEqualTo(withOlder));
    }
}
