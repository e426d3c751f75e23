package org.thor.overlay.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thor.overlay.event.EventServer;
import org.thor.overlay.event.EventServerConfig;
import org.thor.overlay.member.Member;
import org.thor.overlay.membership.NetworkStatus;
import org.thor.overlay.tls.ReloadingTls;
import org.thor.overlay.tls.TestPki;

/**
 * Event servers, managers and members in one JVM over real TLS sockets: members join with their
 * certificates, every member's rings agree, a member that vanishes without a leave is dropped,
 * and a second manager takes over when the first goes.
 */
class AgentsIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private TestPki pki;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<InetSocketAddress> servers = new ArrayList<>();

    @BeforeEach
    void startEventServers() {
        pki = TestPki.create(dir.resolve("ca"));
        for (int i = 1; i <= 3; i++) {
            pki.issue("events" + i, "thor_eventserver");
            ReloadingTls tls = pki.tls("events" + i);
            EventServer server = EventServer.start(EventServerConfig.defaults().withAddress("127.0.0.1", 0), tls);
            open.add(tls);
            open.add(server);
            servers.add(new InetSocketAddress("127.0.0.1", server.localAddress().getPort()));
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private MemberAgent.MemberAgentConfig config() {
        return MemberAgent.MemberAgentConfig.of(servers);
    }

    private ManagerAgent manager(String name) {
        pki.issue(name, "thor_manager");
        ReloadingTls tls = pki.tls(name);
        open.add(tls);
        ManagerAgent agent = ManagerAgent.start(new Member(name, "127.0.0.1", Set.of("thor_manager")), config(), tls);
        open.add(agent);
        return agent;
    }

    private MemberAgent node(String name) {
        pki.issue(name, "sip_proxy");
        ReloadingTls tls = pki.tls(name);
        open.add(tls);
        MemberAgent agent = MemberAgent.start(new Member(name, "10.0.0." + name.substring(4), Set.of("sip_proxy"),
                Map.of("sip_proxy", 5060)), config(), tls);
        open.add(agent);
        return agent;
    }

    private static Set<String> online(MemberAgent agent) {
        NetworkStatus status = agent.follower().current();
        Set<String> ids = new HashSet<>();
        if (status != null) {
            status.members().forEach(m -> ids.add(m.id()));
        }
        return ids;
    }

    @Test
    void membersJoinAgreeAndSurviveTheLossOfAMemberAndOfTheActiveManager() {
        ManagerAgent first = manager("manager1");
        await().atMost(WAIT).until(first::isActive);
        ManagerAgent second = manager("manager2");
        List<MemberAgent> nodes = List.of(node("node1"), node("node2"), node("node3"));
        Set<String> everyone = Set.of("manager1", "manager2", "node1", "node2", "node3");
        await().atMost(WAIT).until(() -> nodes.stream().allMatch(n -> online(n).equals(everyone)));
        assertThat(second.isActive()).isFalse();
        for (int k = 0; k < 2000; k++) {
            String key = "user" + k + "@example.com";
            Member home = nodes.get(0).rings().get().lookup("sip_proxy", key);
            assertThat(nodes.get(1).rings().get().lookup("sip_proxy", key)).isEqualTo(home);
            assertThat(nodes.get(2).rings().get().lookup("sip_proxy", key)).isEqualTo(home);
        }

        // node3 vanishes without a leave: its connections just close, as on kill -9
        nodes.get(2).client().close();
        await().atMost(WAIT).until(() -> online(nodes.get(0)).equals(Set.of("manager1", "manager2", "node1", "node2")));
        // node2 may get the same status a moment after node1
        await().atMost(WAIT).untilAsserted(() -> assertThat(nodes.get(1).rings().get().ring("sip_proxy").members())
                .extracting(Member::id).containsExactly("node1", "node2"));

        // the active manager vanishes: the other takes over and keeps every healthy member online
        long termBefore = nodes.get(0).follower().current().version().term();
        first.member().client().close();
        await().atMost(WAIT).until(second::isActive);
        await().atMost(WAIT).until(() -> online(nodes.get(0)).equals(Set.of("manager2", "node1", "node2")));
        assertThat(nodes.get(0).follower().current().version().term()).isGreaterThan(termBefore);
        assertThat(nodes.get(0).follower().current().activeManager()).isEqualTo("manager2");
    }

    @Test
    void aMemberBusyApplyingAStatusStaysOnline() throws Exception {
        manager("manager1");
        MemberAgent busy = node("node1");
        MemberAgent watcher = node("node2");
        List<Set<String>> seenByWatcher = new CopyOnWriteArrayList<>();
        watcher.follower().addListener(status -> seenByWatcher.add(status.members().stream().map(Member::id)
                .collect(java.util.stream.Collectors.toSet())));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        busy.follower().addListener(status -> {
            if (status.members().stream().anyMatch(m -> m.id().equals("node2"))) {
                blocked.countDown();
                try {
                    release.await(); // as a status that takes long to apply on a starved host
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        open.add(release::countDown); // closed first: a failing test must not leave the listener blocked
        assertThat(blocked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        int from = seenByWatcher.size();
        MemberAgent third = node("node3"); // more statuses arrive while node1 is still busy
        await().atMost(WAIT).until(() -> online(watcher).contains("node3"));
        // for well over the silence timeout (2 s) node1 stays online: it kept sending presence all the while
        await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> online(watcher).contains("node1"));
        release.countDown();
        assertThat(seenByWatcher.subList(from, seenByWatcher.size())).allMatch(ids -> ids.contains("node1"));
        // node1 then catches up with the newest status in one step
        await().atMost(WAIT).until(() -> online(busy).equals(online(third)) && online(busy).contains("node3"));
    }

    @Test
    void aCleanLeaveTakesTheMemberOutAtOnce() throws Exception {
        manager("manager1");
        MemberAgent a = node("node1");
        MemberAgent b = node("node2");
        await().atMost(WAIT).until(() -> online(a).containsAll(Set.of("node1", "node2")));
        b.close();
        await().atMost(WAIT).until(() -> !online(a).contains("node2"));
    }

    @Test
    void announceWithdrawsARoleFromEveryRingAndAnnouncesItAgain() {
        manager("manager1");
        MemberAgent a = node("node1");
        MemberAgent b = node("node2");
        await().atMost(WAIT).until(() -> b.rings().get().ring("sip_proxy").size() == 2);

        a.announce(Set.of());
        await().atMost(WAIT).until(() -> b.rings().get().ring("sip_proxy").size() == 1);
        assertThat(online(b)).contains("node1"); // still a member, only without the role
        assertThat(a.member().roles()).isEmpty();

        a.announce(Set.of("sip_proxy"));
        await().atMost(WAIT).until(() -> b.rings().get().ring("sip_proxy").size() == 2);
    }

    @Test
    void announceRefusesARoleTheCertificateLacks() {
        MemberAgent a = node("node1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.announce(Set.of("sip_proxy", "voicemail_server")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("voicemail_server");
        assertThat(a.member().roles()).containsExactly("sip_proxy");
    }
}
