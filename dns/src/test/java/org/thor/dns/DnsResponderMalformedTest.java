package org.thor.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thor.dns.TestZones.query;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Packets that are not well-formed queries: never an exception, FORMERR when the header parses, else nothing. */
class DnsResponderMalformedTest {

    private final DnsResponder responder = new DnsResponder(() -> TestZones.zone(TestZones.mixed()), 1232);

    private byte[] respond(byte[] packet) {
        return TestZones.respond(responder, packet, true);
    }

    private static byte[] valid() {
        return TestZones.ednsQuery("_sip._udp.example.com.", Type.SRV, 1232).toWire();
    }

    @Test
    void packetsShorterThanAHeaderAreDropped() {
        assertThat(respond(new byte[0])).isNull();
        assertThat(respond(Arrays.copyOf(valid(), 11))).isNull();
    }

    @Test
    void responsesAreNeverAnswered() {
        byte[] packet = valid();
        packet[2] |= (byte) 0x80;
        assertThat(respond(packet)).isNull();
    }

    @Test
    void aTruncatedQuestionIsFormerrWithTheQueryId() {
        byte[] packet = valid();
        for (int cut = 12; cut < 12 + 23 + 4; cut++) {
            Message m = TestZones.parse(respond(Arrays.copyOf(packet, cut)));
            assertThat(m.getRcode()).as("cut at %d", cut).isEqualTo(Rcode.FORMERR);
            assertThat(m.getHeader().getID()).isEqualTo(((packet[0] & 0xff) << 8) | (packet[1] & 0xff));
            assertThat(m.getSection(Section.QUESTION)).isEmpty();
        }
    }

    @Test
    void twoQuestionsOrNoneAreFormerr() {
        byte[] packet = query("p1.example.com.", Type.A).toWire();
        packet[5] = 2;
        assertThat(TestZones.parse(respond(packet)).getRcode()).isEqualTo(Rcode.FORMERR);
        packet[5] = 0;
        assertThat(TestZones.parse(respond(packet)).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void aCompressionPointerInTheQuestionIsFormerr() {
        byte[] packet = query("p1.example.com.", Type.A).toWire();
        packet[12] = (byte) 0xC0;
        packet[13] = 12;
        assertThat(TestZones.parse(respond(packet)).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void aBrokenOptRecordIsFormerr() {
        byte[] packet = valid();
        byte[] cut = Arrays.copyOf(packet, packet.length - 3);
        assertThat(TestZones.parse(respond(cut)).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void aQuestionOfMetaTypeOptIsFormerr() {
        assertThat(TestZones.ask(responder, query("example.com.", Type.OPT), true).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    /** 100,000 random and mutated packets: no exception, every response parses, and valid queries still get answers. */
    @Test
    void fuzzedPacketsNeverBreakTheResponder() {
        SplittableRandom random = new SplittableRandom(6);
        byte[][] seeds = {
            valid(),
            query("example.com.", Type.NAPTR).toWire(),
            query("p1.example.com.", Type.A).toWire(),
            TestZones.ednsQuery("example.com.", Type.ANY, 4096).toWire(),
        };
        int answered = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] packet = FuzzPackets.next(random, seeds);
            byte[] response = respond(packet);
            if (response != null) {
                answered++;
                assertThat(response.length).isLessThanOrEqualTo(1232);
                TestZones.parse(response); // throws when the response is not a well-formed message
            }
        }
        assertThat(answered).isGreaterThan(10_000);
        Message m = TestZones.ask(responder, query("_sip._udp.example.com.", Type.SRV), true);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER)).hasSize(4);
    }
}
