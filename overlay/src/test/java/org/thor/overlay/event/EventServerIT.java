package org.thor.overlay.event;

import org.thor.overlay.membership.AdminCommand;
import org.thor.overlay.membership.ConnectivityReport;
import org.thor.overlay.membership.MembershipCodec;
import org.thor.overlay.membership.MembershipSettings;
import org.thor.overlay.membership.Presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thor.overlay.tls.CertificateAuthority;
import org.thor.overlay.tls.ReloadingTls;
import org.thor.overlay.tls.TestPki;

/**
 * One event server over real TLS on loopback, with real certificates. Every refusal is asserted
 * on the server side: with TLS 1.3 a client may believe a handshake succeeded that the server
 * then rejects.
 */
class EventServerIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private TestPki pki;
    private ReloadingTls serverTls;
    private EventServer server;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void start() {
        pki = TestPki.create(dir.resolve("ca"));
        pki.issue("events1", "thor_eventserver");
        pki.issue("node1", "sip_proxy");
        pki.issue("node2", "sip_proxy", "voicemail_server");
        pki.issue("manager1", "thor_manager");
        serverTls = pki.tls("events1");
        server = EventServer.start(EventServerConfig.defaults().withAddress("127.0.0.1", 0).withMaxFrameLength(4096), serverTls);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        server.close();
        serverTls.close();
    }

    private InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", server.localAddress().getPort());
    }

    /** A member's event client, subscribed to {@code topics} once the server confirmed them. */
    private Member member(String name, String... topics) {
        ReloadingTls tls = pki.tls(name);
        Member member = new Member();
        EventClient client = EventClient.start(EventClientConfig.of(List.of(address())), tls, member);
        member.client = client;
        closeables.add(() -> {
            client.close();
            tls.close();
        });
        for (String topic : topics) {
            client.subscribe(topic);
        }
        await().atMost(WAIT).until(() -> client.connectedServers() == 1);
        for (String topic : topics) {
            await().atMost(WAIT).until(() -> client.subscribedServers(topic) == 1);
        }
        return member;
    }

    private static java.util.Set<String> lastSeen(Member m) {
        List<Event> reports = m.events.stream().filter(e -> e.topic().equals(Topics.CONNECTIVITY)).toList();
        return reports.isEmpty() ? java.util.Set.of() : MembershipCodec.report(reports.get(reports.size() - 1).payload()).seen();
    }

    @Test
    void connectivityReportsNameConnectedMembersAndDropAClosedOneAtOnce() throws Exception {
        Member manager = member("manager1", Topics.CONNECTIVITY);
        Member node = member("node1");
        node.client.publish(Topics.PRESENCE, presence("node1", "sip_proxy"));
        await().atMost(WAIT).until(() -> lastSeen(manager).containsAll(java.util.Set.of("manager1", "node1")));
        assertThat(MembershipCodec.report(manager.events.get(manager.events.size() - 1).payload()).eventServer())
                .isEqualTo("events1");
        long before = System.nanoTime();
        node.client.close();
        await().atMost(WAIT).until(() -> !lastSeen(manager).contains("node1"));
        assertThat((System.nanoTime() - before) / 1_000_000).as("ms until the closed member was reported gone")
                .isLessThan(1_000);
    }

    @Test
    void reportsStillArriveWhenTheEventServerAlsoPublishesAsAMember() {
        Member manager = member("manager1", Topics.CONNECTIVITY, Topics.STATISTICS);
        // the server's own member agent publishes under the server's certificate name, with a later epoch
        EventClient self = EventClient.start(EventClientConfig.of(List.of(address())), serverTls, new Member());
        closeables.add(self::close);
        await().atMost(WAIT).until(() -> self.connectedServers() == 1);
        self.publish(Topics.STATISTICS, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> manager.events.stream().anyMatch(e -> e.topic().equals(Topics.STATISTICS)));
        member("node2");
        await().atMost(WAIT).until(() -> lastSeen(manager).contains("node2"));
        assertThat(manager.events).filteredOn(e -> e.topic().equals(Topics.CONNECTIVITY))
                .allMatch(e -> e.id().publisher().equals("server:events1"));
    }

    @Test
    void aConnectedButSilentMemberIsNotSeenAfterTheSilenceTimeout() throws Exception {
        MembershipSettings fast = new MembershipSettings(1, Duration.ofMillis(100), Duration.ofMillis(400),
                Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(5), "thor_manager");
        server.close();
        server = EventServer.start(EventServerConfig.defaults().withAddress("127.0.0.1", 0).withMembership(fast), serverTls);
        Member manager = member("manager1", Topics.CONNECTIVITY);
        Member node = member("node1");
        await().atMost(WAIT).until(() -> lastSeen(manager).contains("node1"));
        // node1 stays connected but sends nothing; the manager keeps talking through its reports' subscription
        await().atMost(WAIT).until(() -> !lastSeen(manager).contains("node1"));
        assertThat(node.client.connectedServers()).isEqualTo(1);
        node.client.publish(Topics.PRESENCE, presence("node1", "sip_proxy"));
        await().atMost(WAIT).until(() -> lastSeen(manager).contains("node1"));
    }

    @Test
    void onlyEventServersPublishConnectivityAndOnlyAdminsPublishAdminOrders() {
        pki.issue("operator", "thor_admin");
        Member node = member("node1", Topics.ADMIN);
        Member operator = member("operator");
        byte[] report = MembershipCodec.report(new ConnectivityReport("events1", 99, java.util.Set.of()));
        node.client.publish(Topics.CONNECTIVITY, report);
        await().atMost(WAIT).until(() -> node.refusals.stream().anyMatch(r -> r.contains("only event servers publish Thor.Connectivity")));
        byte[] disable = MembershipCodec.admin(new AdminCommand(AdminCommand.Action.DISABLE, "node2"));
        node.client.publish(Topics.ADMIN, disable);
        await().atMost(WAIT).until(() -> node.refusals.stream().anyMatch(r -> r.contains("lacks the role thor_admin")));
        operator.client.publish(Topics.ADMIN, disable);
        await().atMost(WAIT).until(() -> node.events.stream().anyMatch(e -> e.topic().equals(Topics.ADMIN)));
        assertThat(node.events).filteredOn(e -> e.topic().equals(Topics.ADMIN)).hasSize(1)
                .allMatch(e -> MembershipCodec.admin(e.payload()).node().equals("node2"));
    }

    private static final class Member implements EventListener {
        EventClient client;
        final List<Event> events = new CopyOnWriteArrayList<>();
        final List<String> refusals = new CopyOnWriteArrayList<>();
        final List<InetSocketAddress> connections = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(Event event) {
            events.add(event);
        }

        @Override
        public void onConnected(InetSocketAddress server) {
            connections.add(server);
        }

        @Override
        public void onRefused(InetSocketAddress server, String reason) {
            refusals.add(reason);
        }
    }

    private static byte[] presence(String name, String... roles) {
        return MembershipCodec.presence(new Presence(new org.thor.overlay.member.Member(name, "127.0.0.1", Set.of(roles)), "test", "", Map.of(), 1, 1));
    }

    @Test
    void theListenerHearsOfEachConnectionAlsoAfterTheServerCameBack() {
        Member node1 = member("node1", Topics.PRESENCE);
        assertThat(node1.connections).containsExactly(address());
        InetSocketAddress at = address();
        server.close();
        server = EventServer.start(EventServerConfig.defaults().withAddress("127.0.0.1", at.getPort()), serverTls);
        await().atMost(WAIT).until(() -> node1.connections.size() == 2);
        assertThat(node1.connections).containsOnly(at);
        await().atMost(WAIT).until(() -> node1.client.subscribedServers(Topics.PRESENCE) == 1);
    }

    @Test
    void aClientFollowsANewListOfServers() {
        EventServer second = EventServer.start(EventServerConfig.defaults().withAddress("127.0.0.1", 0), serverTls);
        closeables.add(second::close);
        InetSocketAddress secondAt = new InetSocketAddress("127.0.0.1", second.localAddress().getPort());
        Member node1 = member("node1", Topics.PRESENCE);

        assertThat(node1.client.useServers(List.of(address(), secondAt))).isTrue();
        await().atMost(WAIT).until(() -> node1.client.subscribedServers(Topics.PRESENCE) == 2);
        assertThat(node1.connections).containsExactly(address(), secondAt);
        assertThat(second.connectionsOf("node1")).isEqualTo(1);

        // the first is no longer listed, but still connected: kept (a list may name fewer servers for a moment)
        assertThat(node1.client.useServers(List.of(secondAt))).isFalse();
        assertThat(node1.client.servers()).containsExactly(address(), secondAt);
        assertThat(server.connectionsOf("node1")).isEqualTo(1);

        // once its connection is down, it is given up for good
        InetSocketAddress firstAt = address();
        server.close();
        await().atMost(WAIT).until(() -> node1.client.connectedServers() == 1);
        assertThat(node1.client.useServers(List.of(secondAt))).isTrue();
        assertThat(node1.client.servers()).containsExactly(secondAt);
        server = EventServer.start(EventServerConfig.defaults().withAddress("127.0.0.1", firstAt.getPort()), serverTls);
        await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> server.connectionsOf("node1") == 0);

        assertThat(node1.client.useServers(List.of())).as("an empty answer changes nothing").isFalse();
        assertThat(node1.client.useServers(List.of(secondAt))).isFalse();
        assertThat(node1.client.servers()).containsExactly(secondAt);
    }

    @Test
    void aValidMemberIsAcceptedAndSubscribersGetItsPresence() {
        Member node1 = member("node1", Topics.PRESENCE);
        Member node2 = member("node2");

        EventClient.Published sent = node2.client.publish(Topics.PRESENCE, presence("node2", "sip_proxy", "voicemail_server"));

        assertThat(sent.servers()).isEqualTo(1);
        await().atMost(WAIT).until(() -> node1.events.size() == 1);
        Event received = node1.events.get(0);
        assertThat(received.id()).isEqualTo(sent.event().id());
        assertThat(MembershipCodec.presence(received.payload()).member().roles()).containsExactlyInAnyOrder("sip_proxy", "voicemail_server");
        assertThat(server.connectedMembers()).extracting(m -> m.name()).containsExactlyInAnyOrder("node1", "node2");
        assertThat(server.rejectedHandshakes()).isZero();
        assertThat(server.subscriberCount(Topics.PRESENCE)).isEqualTo(1);
    }

    @Test
    void aClientWithoutCertificateIsRefused() throws Exception {
        SSLContext noCertificate = TestPki.rawContext(null, null, pki.ca().caCertificateFile());
        assertRefusedByServer(noCertificate);
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        CertificateAuthority other = CertificateAuthority.init(dir.resolve("other"), "example.com", Clock.systemUTC());
        other.issue("node1", List.of("127.0.0.1"), List.of(), Set.of("sip_proxy"), 30, false);
        assertRefusedByServer(TestPki.rawContext(other.certificateFile("node1"), other.keyFile("node1"),
                pki.ca().caCertificateFile()));
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        Instant now = Instant.now();
        pki.ca().issue("old", List.of("127.0.0.1"), List.of(), Set.of("sip_proxy"), now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1)), false);
        assertRefusedByServer(TestPki.rawContext(pki.ca().certificateFile("old"), pki.ca().keyFile("old"),
                pki.ca().caCertificateFile()));
    }

    @Test
    void plainTcpGarbageIsRefusedAsAHandshake() throws Exception {
        long before = server.rejectedHandshakes();
        try (Socket socket = new Socket("127.0.0.1", server.localAddress().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertClosedByServer(socket.getInputStream());
        }
        await().atMost(WAIT).until(() -> server.rejectedHandshakes() == before + 1);
    }

    @Test
    void aMemberRevokedWhileTheServerRunsIsDisconnectedAndRefused() throws Exception {
        Member node2 = member("node2", Topics.PRESENCE);
        Member node1 = member("node1", Topics.PRESENCE);
        assertThat(server.connectionsOf("node2")).isEqualTo(1);
        long rejectedBefore = server.rejectedHandshakes();

        pki.ca().revoke("node2");

        await().atMost(WAIT).until(() -> server.connectionsOf("node2") == 0);
        assertThat(server.revokedConnectionsClosed()).isEqualTo(1);
        // node2's client keeps reconnecting with backoff; every attempt is refused by the server
        await().atMost(WAIT).until(() -> server.rejectedHandshakes() > rejectedBefore);
        assertThat(server.connectionsOf("node2")).isZero();
        // with TLS 1.3 node2's client may think for a moment it is connected; nothing it sends gets through
        node2.client.publish(Topics.PRESENCE, presence("node2", "sip_proxy"));
        node2.client.close();
        // and a raw handshake with node2's certificate is refused too (a last reconnect of the
        // closed client may be counted as well, hence not exact)
        assertRefusedByServer(TestPki.rawContext(pki.ca().certificateFile("node2"), pki.ca().keyFile("node2"),
                pki.ca().caCertificateFile()), false);
        // node1 is untouched, and the only presence it gets is its own
        assertThat(server.connectionsOf("node1")).isEqualTo(1);
        EventClient.Published own = node1.client.publish(Topics.PRESENCE, presence("node1", "sip_proxy"));
        await().atMost(WAIT).until(() -> node1.events.size() == 1);
        assertThat(node1.events).extracting(Event::id).containsExactly(own.event().id());
    }

    @Test
    void presenceWithARoleNotInTheCertificateIsRefusedAndNotDelivered() {
        Member watcher = member("manager1", Topics.PRESENCE, Topics.MEMBERS);
        Member node1 = member("node1");

        node1.client.publish(Topics.PRESENCE, presence("node1", "sip_proxy", "media_relay"));
        node1.client.publish(Topics.PRESENCE, presence("node2", "sip_proxy"));
        node1.client.publish(Topics.MEMBERS, "{}".getBytes(StandardCharsets.UTF_8));
        EventClient.Published allowed = node1.client.publish(Topics.PRESENCE, presence("node1", "sip_proxy"));

        // the allowed event went through the same connection after the refused ones
        await().atMost(WAIT).until(() -> watcher.events.size() == 1);
        assertThat(watcher.events).extracting(Event::id).containsExactly(allowed.event().id());
        assertThat(server.refusedRequests()).isEqualTo(3);
        await().atMost(WAIT).until(() -> node1.refusals.size() == 3);
        assertThat(node1.refusals.get(0)).contains("node1 may not announce roles [media_relay]");
        assertThat(node1.refusals.get(2)).contains("lacks the role thor_manager");
        assertThat(server.connectionsOf("node1")).as("refusal keeps the connection").isEqualTo(1);

        EventClient.Published status = watcher.client.publish(Topics.MEMBERS, "{}".getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> watcher.events.size() == 2);
        assertThat(watcher.events.get(1).id()).isEqualTo(status.event().id());
    }

    @Test
    void garbageAndOverSizeFramesCloseOnlyThatConnection() throws Exception {
        Member node1 = member("node1", Topics.STATISTICS);
        SSLContext asNode2 = TestPki.rawContext(pki.ca().certificateFile("node2"), pki.ca().keyFile("node2"),
                pki.ca().caCertificateFile());

        try (SSLSocket garbage = open(asNode2)) {
            await().atMost(WAIT).until(() -> server.connectionsOf("node2") == 1);
            garbage.getOutputStream().write(ByteBuffer.allocate(7).putInt(3).put((byte) 99).putShort((short) 0).array());
            garbage.getOutputStream().flush();
            assertClosedByServer(garbage.getInputStream());
        }
        await().atMost(WAIT).until(() -> server.protocolErrors() == 1);

        try (SSLSocket huge = open(asNode2)) {
            await().atMost(WAIT).until(() -> server.connectionsOf("node2") == 1);
            OutputStream out = huge.getOutputStream();
            out.write(ByteBuffer.allocate(5).putInt(10 * 1024 * 1024).put((byte) EventFrameCodec.PUBLISH).array());
            out.write(new byte[8192]);
            out.flush();
            assertClosedByServer(huge.getInputStream());
        }
        await().atMost(WAIT).until(() -> server.protocolErrors() == 2);

        assertThat(server.connectionsOf("node1")).isEqualTo(1);
        Member node2 = member("node2");
        node2.client.publish(Topics.STATISTICS, "{\"calls\":1}".getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> node1.events.size() == 1);
        assertThat(node1.events.get(0).payloadText()).isEqualTo("{\"calls\":1}");
    }

    @Test
    void aNewServerCertificateIsUsedForNewHandshakesWithoutRestart() throws Exception {
        Member node1 = member("node1");
        pki.ca().issue("events1", List.of("127.0.0.1"), List.of(), Set.of("thor_eventserver", "sip_proxy"), 30, true);
        await().atMost(WAIT).until(() -> serverTls.current().identity().roles().contains("sip_proxy"));
        try (SSLSocket socket = open(TestPki.rawContext(pki.ca().certificateFile("node2"), pki.ca().keyFile("node2"),
                pki.ca().caCertificateFile()))) {
            java.security.cert.X509Certificate presented =
                    (java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0];
            assertThat(presented.getSerialNumber()).isEqualTo(serverTls.current().certificate().getSerialNumber());
        }
        assertThat(server.connectionsOf("node1")).as("existing connections stay").isEqualTo(1);
    }

    private SSLSocket open(SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.localAddress().getPort());
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    /** The server refuses a handshake made with {@code context}: its counter moves and no member is added. */
    private void assertRefusedByServer(SSLContext context) throws Exception {
        assertRefusedByServer(context, true);
    }

    /** With {@code exact} false other refused handshakes may be counted at the same time. */
    private void assertRefusedByServer(SSLContext context, boolean exact) throws Exception {
        long before = server.rejectedHandshakes();
        int members = server.connectedMembers().size();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.localAddress().getPort())) {
            socket.setSoTimeout(10_000);
            try {
                socket.startHandshake();
                // TLS 1.3: the client may finish before the server has judged its certificate
                socket.getOutputStream().write(ByteBuffer.allocate(7).putInt(3).put((byte) 1).putShort((short) 0).array());
                socket.getOutputStream().flush();
            } catch (IOException refused) {
                // refused during the handshake: what the server counted is asserted below
            }
            assertClosedByServer(socket.getInputStream());
        }
        await().atMost(WAIT).until(() -> exact ? server.rejectedHandshakes() == before + 1 : server.rejectedHandshakes() > before);
        assertThat(server.connectedMembers()).hasSize(members);
    }

    private static void assertClosedByServer(InputStream in) {
        try {
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // drain whatever the server sent before closing
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection", e);
        } catch (IOException closed) {
            // an alert or a reset: closed
        }
    }
}
