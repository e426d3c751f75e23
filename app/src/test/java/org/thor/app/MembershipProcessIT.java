package org.thor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.thor.overlay.event.EventClient;
import org.thor.overlay.event.EventClientConfig;
import org.thor.overlay.event.Topics;
import org.thor.overlay.lookup.LookupClient;
import org.thor.overlay.member.Member;
import org.thor.overlay.membership.MembershipCodec;
import org.thor.overlay.membership.NetworkStatus;
import org.thor.overlay.tls.ReloadingTls;

/**
 * Membership across real processes: 3 event servers, 2 managers and 5 nodes, each its own JVM,
 * nodes started with nothing but their certificate files and the event servers' addresses. The
 * test watches the network status on Thor.Members with the monitor's certificate and asks every
 * node's lookup service what its rings hold. Timing bounds here are generous; the measured
 * figures are in docs/benchmarks.md.
 */
@Tag("multi-process")
@ExtendWith(MemberLogsOnFailure.class)
class MembershipProcessIT {

    @TempDir
    Path dir;

    private LocalNetwork net;
    private ReloadingTls tls;
    private EventClient watcher;
    private final List<NetworkStatus> statuses = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        net = LocalNetwork.start(dir, 5, 0, 0);
        List<InetSocketAddress> servers = net.ofKind("eventserver").stream()
                .map(m -> new InetSocketAddress(m.address(), m.port())).toList();
        tls = ReloadingTls.start(new org.thor.overlay.tls.TlsFiles(net.caDir().resolve("members/monitor.crt"),
                net.caDir().resolve("members/monitor.key"), net.caDir().resolve("ca.crt"), null), Duration.ofSeconds(5));
        watcher = EventClient.start(EventClientConfig.of(servers), tls, event -> {
            if (event.topic().equals(Topics.MEMBERS)) {
                statuses.add(MembershipCodec.status(event.payload()));
            }
        });
        watcher.subscribe(Topics.MEMBERS);
    }

    @AfterEach
    void stop() throws Exception {
        if (watcher != null) {
            watcher.close();
            tls.close();
        }
        if (net != null) {
            net.close();
        }
    }

    private List<MemberProcess> nodes(String... except) {
        List<String> skip = List.of(except);
        return net.ofKind("node").stream().filter(n -> !skip.contains(n.name())).toList();
    }

    private static List<String> addresses(List<MemberProcess> nodes) {
        return nodes.stream().map(MemberProcess::address).toList();
    }

    private void awaitAllSee(List<MemberProcess> askers, List<MemberProcess> expected, Duration within) {
        String want = String.join(" ", addresses(expected).stream().sorted().toList());
        await().atMost(within).pollInterval(Duration.ofMillis(20))
                .until(() -> askers.stream().allMatch(n -> want.equals(LocalNetwork.nodesSeenBy(n))));
    }

    private static List<String> answers(List<LookupClient> clients, String key) throws IOException {
        List<String> answers = new ArrayList<>();
        for (LookupClient c : clients) {
            answers.add(c.lookup("sip_proxy", key));
        }
        return answers;
    }

    private NetworkStatus latest() {
        return statuses.get(statuses.size() - 1);
    }

    @Test
    void joinCrashHangManagerFailoverAndEventServerLoss() throws Exception {
        List<MemberProcess> all = nodes();
        awaitAllSee(all, all, Duration.ofSeconds(30));

        // join: every node gives the same answer for 10,000 keys
        List<LookupClient> clients = new ArrayList<>();
        for (MemberProcess n : all) {
            clients.add(new LookupClient(n.address(), n.port(), Duration.ofSeconds(5)));
        }
        int disagreements = 0;
        for (int k = 0; k < 10_000; k++) {
            String key = "user" + k + "@example.com";
            List<String> answers = answers(clients, key);
            if (answers.stream().distinct().count() > 1) {
                // a status was on its way (on a loaded machine a node can drop out for a moment and
                // come back): the nodes must come to agree again
                disagreements++;
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                        .until(() -> answers(clients, key).stream().distinct().count() == 1);
                answers = answers(clients, key);
            }
            assertThat(answers.get(0)).as(key).isIn(addresses(all));
        }
        for (LookupClient c : clients) {
            c.close();
        }
        assertThat(disagreements).as("keys the nodes answered differently for a moment").isLessThan(100);

        // one event server dies: nobody is marked offline
        await().atMost(Duration.ofSeconds(10)).until(() -> !statuses.isEmpty());
        int before = statuses.size();
        net.member("events3").kill();
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).pollInterval(Duration.ofMillis(100))
                .until(() -> all.stream().allMatch(n -> String.join(" ", addresses(all)).equals(LocalNetwork.nodesSeenBy(n))));
        for (NetworkStatus s : statuses.subList(before, statuses.size())) {
            assertThat(s.members()).extracting(Member::id).contains("node1", "node2", "node3", "node4", "node5");
        }

        // kill -9 of a node: gone from every ring
        net.member("node5").kill();
        awaitAllSee(nodes("node5"), nodes("node5"), Duration.ofSeconds(3));

        // SIGSTOP: gone; SIGCONT: back
        MemberProcess node4 = net.member("node4");
        node4.pause(true);
        awaitAllSee(nodes("node4", "node5"), nodes("node4", "node5"), Duration.ofSeconds(6));
        node4.pause(false);
        awaitAllSee(nodes("node5"), nodes("node5"), Duration.ofSeconds(10));

        // the active manager dies: the other takes over, and no healthy node is dropped meanwhile
        String active = latest().activeManager();
        String other = active.equals("manager1") ? "manager2" : "manager1";
        int atKill = statuses.size();
        net.member(active).kill();
        await().atMost(Duration.ofSeconds(4)).until(() -> latest().activeManager().equals(other));
        for (NetworkStatus s : statuses.subList(atKill, statuses.size())) {
            assertThat(s.members()).extracting(Member::id).contains("node1", "node2", "node3", "node4");
        }
        awaitAllSee(nodes("node5"), nodes("node5"), Duration.ofSeconds(5));
    }
}
