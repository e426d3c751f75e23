package org.thor.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thor.dns.TestZones.query;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * 100,000 random and mutated packets at a running server over UDP. Every 100 packets a valid query
 * follows, and the test waits for its answer, so the server has handled the batch before the next
 * (no drops from an overrun socket buffer hide a crash). Afterwards valid queries still get
 * correct answers and no packet made the handler throw.
 */
class DnsFuzzIT {

    private static final int PACKETS = 100_000;
    private static final int BATCH = 100;

    @Test
    void theServerKeepsAnsweringAfter100000BadPackets() throws IOException {
        ZoneSnapshot zone = TestZones.zone(TestZones.mixed());
        try (DnsServer server = DnsServer.start(DnsServerConfig.defaults().withAddress("127.0.0.1", 0), () -> zone);
             DatagramSocket socket = new DatagramSocket()) {
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", server.localAddress().getPort());
            socket.setSoTimeout(2000);
            socket.setReceiveBufferSize(1 << 20);
            SplittableRandom random = new SplittableRandom(2024);
            byte[][] seeds = {
                TestZones.ednsQuery("_sip._udp.example.com.", Type.SRV, 1232).toWire(),
                query("example.com.", Type.NAPTR).toWire(),
                query("p1.example.com.", Type.A).toWire(),
                TestZones.ednsQuery("example.com.", Type.ANY, 4096).toWire(),
            };
            byte[] buffer = new byte[65535];
            int sentinelId = 0;
            for (int sent = 0; sent < PACKETS; sent += BATCH) {
                for (int i = 0; i < BATCH; i++) {
                    byte[] packet = FuzzPackets.next(random, seeds);
                    socket.send(new DatagramPacket(packet, packet.length, target));
                }
                Message sentinel = query("p2.example.com.", Type.A);
                sentinel.getHeader().setID(sentinelId = (sentinelId + 1) & 0xffff);
                byte[] wire = sentinel.toWire();
                socket.send(new DatagramPacket(wire, wire.length, target));
                awaitAnswer(socket, buffer, sentinel);
            }
            assertThat(server.stats().failures()).as("packets that made the handler throw").isZero();
            assertThat(server.stats().udpResponses()).isGreaterThan(PACKETS / BATCH);

            SimpleResolver resolver = new SimpleResolver(target);
            resolver.setTimeout(Duration.ofSeconds(5));
            Message srv = resolver.send(query("_sip._udp.example.com.", Type.SRV));
            assertThat(srv.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(srv.getSection(Section.ANSWER)).hasSize(4);
            assertThat(resolver.send(query("nobody.example.com.", Type.A)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        }
    }

    /** Reads responses (to fuzz packets, ignored) until the sentinel's answer comes; fails if it does not. */
    private static void awaitAnswer(DatagramSocket socket, byte[] buffer, Message sentinel) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            }
            Message m;
            try {
                m = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
            } catch (IOException unparseable) {
                throw new AssertionError("the server sent a response dnsjava cannot parse", unparseable);
            }
            if (m.getHeader().getID() == sentinel.getHeader().getID() && sentinel.getQuestion().equals(m.getQuestion())) {
                assertThat(m.getSection(Section.ANSWER)).extracting(r -> r.rdataToString()).containsExactly("192.0.2.2");
                return;
            }
        }
        throw new AssertionError("no answer to query " + sentinel.getHeader().getID() + " within 10 s");
    }
}
