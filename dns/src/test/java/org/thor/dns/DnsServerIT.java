package org.thor.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.thor.dns.TestZones.query;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thor.overlay.member.Member;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** thor-dns over real UDP and TCP sockets on loopback, asked by dnsjava's SimpleResolver. */
class DnsServerIT {

    private final List<Member> members = new ArrayList<>(TestZones.mixed());
    private final ZoneDirectory directory = new ZoneDirectory(TestZones.zone(members));
    private DnsServer server;

    @BeforeEach
    void start() {
        server = DnsServer.start(DnsServerConfig.defaults().withAddress("127.0.0.1", 0), directory);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private SimpleResolver resolver(boolean tcp) {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", server.localAddress().getPort()));
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(5));
        return r;
    }

    private Message ask(String name, int type) throws IOException {
        return resolver(false).send(query(name, type));
    }

    private static List<String> answers(Message m) {
        return m.getSection(Section.ANSWER).stream().map(r -> Type.string(r.getType()) + " " + r.rdataToString()).toList();
    }

    private static Set<String> targets(Message m) {
        return m.getSection(Section.ANSWER).stream().map(r -> ((SRVRecord) r).getTarget().toString())
                .collect(Collectors.toSet());
    }

    @Test
    void answersEveryRecordTypeOverUdpAndTcp() throws IOException {
        for (boolean tcp : new boolean[] {false, true}) {
            SimpleResolver r = resolver(tcp);
            assertThat(answers(r.send(query("example.com.", Type.SOA)))).singleElement().asString()
                    .startsWith("SOA ns1.example.com. hostmaster.example.com. ");
            assertThat(answers(r.send(query("example.com.", Type.NS))))
                    .containsExactlyInAnyOrder("NS ns1.example.com.", "NS ns2.example.com.");
            assertThat(answers(r.send(query("p1.example.com.", Type.A)))).containsExactly("A 192.0.2.1");
            assertThat(answers(r.send(query("vm1.example.com.", Type.AAAA)))).containsExactly("AAAA 2001:db8:0:0:0:0:0:70");
            assertThat(answers(r.send(query("_sips._tcp.example.com.", Type.SRV))))
                    .containsExactly("SRV 10 10 5072 tls1.example.com.");
            assertThat(answers(r.send(query("example.com.", Type.NAPTR)))).containsExactly(
                    "NAPTR 50 50 \"S\" \"SIPS+D2T\" \"\" _sips._tcp.example.com.",
                    "NAPTR 90 50 \"S\" \"SIP+D2T\" \"\" _sip._tcp.example.com.",
                    "NAPTR 100 50 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com.");
            Message m = r.send(query("_eventserver._tcp.example.com.", Type.SRV));
            assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
            assertThat(answers(m)).containsExactlyInAnyOrder("SRV 10 10 8000 ev1.example.com.",
                    "SRV 10 10 8001 ev2.example.com.");
        }
        assertThat(server.stats().udpResponses()).isGreaterThanOrEqualTo(7);
        assertThat(server.stats().tcpResponses()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void thePortableNioTransportAnswersToo() throws IOException {
        server.close();
        server = DnsServer.start(DnsServerConfig.defaults().withAddress("127.0.0.1", 0), directory, false);
        assertThat(answers(ask("p1.example.com.", Type.A))).containsExactly("A 192.0.2.1");
        assertThat(answers(resolver(true).send(query("p2.example.com.", Type.A)))).containsExactly("A 192.0.2.2");
        directory.publish(TestZones.zone(TestZones.sipProxies(40), 40));
        assertThat(targets(ask("_sip._udp.example.com.", Type.SRV))).as("TC, then TCP").hasSize(40);
    }

    @Test
    void nxdomainNodataAndRefused() throws IOException {
        Message nx = ask("nobody.example.com.", Type.A);
        assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(nx.getSection(Section.AUTHORITY)).extracting(Record::getType).containsExactly(Type.SOA);
        Message nodata = ask("p1.example.com.", Type.TXT);
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
        assertThat(nodata.getSection(Section.AUTHORITY)).extracting(Record::getType).containsExactly(Type.SOA);
        assertThat(ask("_udp.example.com.", Type.SRV).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ask("www.example.org.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void ednsQueriesGetOurPayloadSizeAndPlainQueriesNoOpt() throws IOException {
        Message withEdns = ask("p1.example.com.", Type.A); // SimpleResolver sends EDNS0 (1280) by default
        assertThat(withEdns.getOPT()).isNotNull();
        assertThat(withEdns.getOPT().getPayloadSize()).isEqualTo(DnsServerConfig.DEFAULT_EDNS_MAX_PAYLOAD);
        SimpleResolver plain = resolver(false);
        plain.setEDNS(null);
        assertThat(plain.send(query("p1.example.com.", Type.A)).getOPT()).isNull();
    }

    @Test
    void answersCarryASliceOfKNodesUsedEvenlyOver10000Queries() throws IOException {
        directory.publish(TestZones.zone(TestZones.sipProxies(12), 5));
        SimpleResolver r = resolver(false);
        Map<String, Integer> uses = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            Set<String> slice = targets(r.send(query("_sip._udp.example.com.", Type.SRV)));
            assertThat(slice).hasSize(5);
            slice.forEach(t -> uses.merge(t, 1, Integer::sum));
        }
        assertThat(uses).hasSize(12);
        int most = uses.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        int least = uses.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        assertThat((double) most / least).as("most/least %s", uses).isLessThanOrEqualTo(1.1);
    }

    @Test
    void aTruncatedUdpAnswerIsRetriedOverTcpAndComplete() throws IOException {
        directory.publish(TestZones.zone(TestZones.sipProxies(40), 40));
        SimpleResolver udpOnly = resolver(false);
        udpOnly.setIgnoreTruncation(true);
        Message truncated = udpOnly.send(query("_sip._udp.example.com.", Type.SRV));
        assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(truncated.getSection(Section.ANSWER)).isEmpty();

        long tcpBefore = server.stats().tcpResponses();
        Message full = resolver(false).send(query("_sip._udp.example.com.", Type.SRV));
        assertThat(full.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(targets(full)).hasSize(40);
        assertThat(server.stats().tcpResponses()).as("the resolver retried over TCP").isEqualTo(tcpBefore + 1);
    }

    @Test
    void aRemovedNodeIsGoneFromTheNextAnswers() throws IOException {
        assertThat(targets(ask("_eventserver._tcp.example.com.", Type.SRV))).contains("ev1.example.com.");
        members.removeIf(m -> m.id().equals("ev1"));
        directory.publish(TestZones.zone(members));
        for (int i = 0; i < 50; i++) {
            assertThat(targets(ask("_eventserver._tcp.example.com.", Type.SRV))).containsExactly("ev2.example.com.");
        }
        assertThat(ask("ev1.example.com.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void aUdpQueryLongerThanTheReadSizeIsFormerrAndTheServerGoesOn() throws IOException {
        Message big = query("p1.example.com.", Type.A);
        big.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new GenericEDNSOption(65001, new byte[3000]))),
                Section.ADDITIONAL);
        byte[] wire = big.toWire();
        assertThat(wire.length).isGreaterThan(DnsServer.MAX_UDP_QUERY);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(5000);
            socket.send(new DatagramPacket(wire, wire.length, server.localAddress()));
            DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
            socket.receive(answer);
            Message m = new Message(Arrays.copyOf(answer.getData(), answer.getLength()));
            assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
            assertThat(m.getHeader().getID()).isEqualTo(big.getHeader().getID());
        }
        assertThat(answers(ask("p1.example.com.", Type.A))).containsExactly("A 192.0.2.1");
    }

    @Test
    void pipelinedTcpQueriesAreAnsweredInOrder() throws IOException {
        try (Socket socket = tcp()) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            List<Message> queries = List.of(query("p1.example.com.", Type.A), query("p2.example.com.", Type.A),
                    query("nobody.example.com.", Type.A), query("p3.example.com.", Type.A));
            for (Message q : queries) {
                byte[] wire = q.toWire();
                out.writeShort(wire.length);
                out.write(wire);
            }
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (Message q : queries) {
                byte[] answer = new byte[in.readUnsignedShort()];
                in.readFully(answer);
                Message m = new Message(answer);
                assertThat(m.getHeader().getID()).isEqualTo(q.getHeader().getID());
                assertThat(m.getQuestion()).isEqualTo(q.getQuestion());
            }
        }
    }

    @Test
    void anOverLongTcpFrameClosesTheConnection() throws IOException {
        try (Socket socket = tcp()) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(60_000);
            out.write(new byte[60_000]);
            out.flush();
            assertThat(readToEnd(socket.getInputStream())).isEqualTo(-1);
        }
        assertThat(ask("p1.example.com.", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void idleTcpConnectionsAreClosed() throws IOException {
        server.close();
        server = DnsServer.start(DnsServerConfig.defaults().withAddress("127.0.0.1", 0)
                .withTcpIdleTimeout(Duration.ofMillis(300)), directory);
        try (Socket socket = tcp()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> server.openTcpConnections() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.openTcpConnections() == 0);
            assertThat(readToEnd(socket.getInputStream())).isEqualTo(-1);
        }
    }

    @Test
    void tcpConnectionsBeyondTheLimitAreClosed() throws IOException {
        server.close();
        server = DnsServer.start(DnsServerConfig.defaults().withAddress("127.0.0.1", 0).withMaxTcpConnections(2), directory);
        Socket a = tcp();
        Socket b = tcp();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> server.openTcpConnections() == 2);
            try (Socket c = tcp()) {
                assertThat(readToEnd(c.getInputStream())).isEqualTo(-1);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.openTcpConnections() == 2);
        } finally {
            a.close();
            b.close();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openTcpConnections() == 0);
        assertThat(answers(resolver(true).send(query("p1.example.com.", Type.A)))).containsExactly("A 192.0.2.1");
    }

    @Test
    void aTakenPortIsAClearError() {
        int port = server.localAddress().getPort();
        assertThatThrownBy(() -> DnsServer.start(DnsServerConfig.defaults().withAddress("127.0.0.1", port), directory))
                .isInstanceOf(DnsServer.DnsServerException.class)
                .hasMessageContaining("cannot listen for DNS on 127.0.0.1:" + port);
    }

    private Socket tcp() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.localAddress().getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static int readToEnd(InputStream in) {
        try {
            int b;
            while ((b = in.read()) >= 0) {
                // drain
            }
            return b;
        } catch (IOException reset) {
            return -1;
        }
    }
}
