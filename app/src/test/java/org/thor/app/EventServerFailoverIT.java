package org.thor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thor.overlay.event.Event;
import org.thor.overlay.event.EventClient;
import org.thor.overlay.event.EventClientConfig;
import org.thor.overlay.event.EventId;
import org.thor.overlay.event.Topics;
import org.thor.overlay.tls.ReloadingTls;
import org.thor.overlay.tls.TestPki;

/**
 * Three event servers, each its own JVM started from thor.jar; one is killed with SIGKILL while
 * four members publish. Every member must still receive every event exactly once.
 */
@Tag("multi-process")
class EventServerFailoverIT {

    private static final int MEMBERS = 4;
    private static final int EVENTS_PER_MEMBER = 400;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void everyMemberReceivesEveryEventOnceWhileAServerIsKilled() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("ca"));
        List<EventServerProcess> servers = new ArrayList<>();
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            EventServerProcess server = EventServerProcess.start(pki.issue("events" + i, "thor_eventserver"), 0,
                    dir.resolve("events" + i + ".log"));
            resources.add(server);
            servers.add(server);
            addresses.add(new InetSocketAddress("127.0.0.1", server.port()));
        }

        List<EventClient> clients = new ArrayList<>();
        List<Set<EventId>> received = new ArrayList<>();
        List<List<EventId>> deliveries = new ArrayList<>();
        for (int m = 1; m <= MEMBERS; m++) {
            pki.issue("node" + m, "sip_proxy");
            ReloadingTls tls = pki.tls("node" + m);
            Set<EventId> ids = ConcurrentHashMap.newKeySet();
            List<EventId> all = java.util.Collections.synchronizedList(new ArrayList<>());
            EventClient client = EventClient.start(EventClientConfig.of(addresses)
                    .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)), tls, (Event e) -> {
                        ids.add(e.id());
                        all.add(e.id());
                    });
            resources.add(() -> {
                client.close();
                tls.close();
            });
            client.subscribe(Topics.STATISTICS);
            clients.add(client);
            received.add(ids);
            deliveries.add(all);
        }
        for (EventClient client : clients) {
            await().atMost(WAIT).until(() -> client.subscribedServers(Topics.STATISTICS) == 3);
        }

        ExecutorService publishers = Executors.newFixedThreadPool(MEMBERS);
        List<Future<Integer>> done = new ArrayList<>();
        for (EventClient client : clients) {
            done.add(publishers.submit(() -> {
                int minServers = 3;
                for (int i = 0; i < EVENTS_PER_MEMBER; i++) {
                    byte[] payload = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                    minServers = Math.min(minServers, client.publish(Topics.STATISTICS, payload).servers());
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // pacing, so the kill lands mid-stream
                }
                return minServers;
            }));
        }

        // kill -9 the second server once a quarter of the events went round
        int total = MEMBERS * EVENTS_PER_MEMBER;
        await().atMost(WAIT).until(() -> received.get(0).size() >= total / 4);
        servers.get(1).kill();
        assertThat(received.get(0).size()).as("killed while publishing").isLessThan(total);

        for (Future<Integer> publisher : done) {
            assertThat(publisher.get(2, TimeUnit.MINUTES)).as("every event reached at least one server").isGreaterThanOrEqualTo(1);
        }
        publishers.shutdown();
        for (int m = 0; m < MEMBERS; m++) {
            int member = m;
            await().atMost(WAIT).until(() -> received.get(member).size() == total);
            List<EventId> all = deliveries.get(m);
            synchronized (all) {
                assertThat(all).as("node%d: no duplicate delivered", m + 1).hasSize(total);
                assertThat(new HashSet<>(all)).hasSize(total);
            }
            for (int p = 1; p <= MEMBERS; p++) {
                String publisher = "node" + p;
                assertThat(all.stream().filter(id -> id.publisher().equals(publisher)).mapToLong(EventId::sequence).sorted().toArray())
                        .as("node%d got every sequence of %s", m + 1, publisher)
                        .isEqualTo(java.util.stream.LongStream.rangeClosed(1, EVENTS_PER_MEMBER).toArray());
            }
            assertThat(clients.get(m).duplicatesDropped()).as("copies came through the other servers").isPositive();
            assertThat(clients.get(m).connectedServers()).isEqualTo(2);
        }

        // the killed server comes back on its port; every client reconnects and re-subscribes
        EventServerProcess restarted = EventServerProcess.start(pki.ca().tlsFiles("events2"), servers.get(1).port(),
                dir.resolve("events2.log"));
        resources.add(restarted);
        for (EventClient client : clients) {
            await().atMost(WAIT).until(() -> client.subscribedServers(Topics.STATISTICS) == 3);
        }
    }
}
