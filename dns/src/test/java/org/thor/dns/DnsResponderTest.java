package org.thor.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thor.dns.TestZones.ask;
import static org.thor.dns.TestZones.ednsQuery;
import static org.thor.dns.TestZones.name;
import static org.thor.dns.TestZones.query;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.thor.overlay.member.Member;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The answer logic, dnsjava message in and out, without sockets. */
class DnsResponderTest {

    private final ZoneDirectory directory = new ZoneDirectory(TestZones.zone(TestZones.mixed()));
    private final DnsResponder responder = new DnsResponder(directory, 1232);

    private Message ask(Message query) {
        return TestZones.ask(responder, query, true);
    }

    private static List<Record> answers(Message m) {
        return m.getSection(Section.ANSWER);
    }

    private static Set<String> targets(Message m) {
        return answers(m).stream().map(r -> ((SRVRecord) r).getTarget().toString()).collect(Collectors.toSet());
    }

    @Test
    void soaAtTheApexIsAuthoritativeWithTheConfiguredTimers() {
        Message m = ask(query("example.com.", Type.SOA));
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
        SOARecord soa = (SOARecord) answers(m).get(0);
        assertThat(soa.getTTL()).isEqualTo(15);
        assertThat(soa.getMinimum()).isEqualTo(15);
        assertThat(soa.getHost()).isEqualTo(name("ns1.example.com."));
        assertThat(soa.getAdmin()).isEqualTo(name("hostmaster.example.com."));
        assertThat(soa.getSerial()).isEqualTo(ZoneBuilder.serialOf(TestZones.mixed()));
    }

    @Test
    void nsNamesTheDnsMembersWithTheirAddressesAsAdditionalData() {
        Message m = ask(query("example.com.", Type.NS));
        assertThat(answers(m)).extracting(r -> ((NSRecord) r).getTarget().toString())
                .containsExactlyInAnyOrder("ns1.example.com.", "ns2.example.com.");
        assertThat(m.getSection(Section.ADDITIONAL)).extracting(r -> r.getName() + " " + r.rdataToString())
                .containsExactlyInAnyOrder("ns1.example.com. 192.0.2.53", "ns2.example.com. 2001:db8:0:0:0:0:0:53");
    }

    @Test
    void memberHostNamesHaveTheirAddress() throws Exception {
        ARecord a = (ARecord) answers(ask(query("p2.example.com.", Type.A))).get(0);
        assertThat(a.getAddress()).isEqualTo(InetAddress.getByName("192.0.2.2"));
        assertThat(a.getTTL()).isEqualTo(15);
        AAAARecord aaaa = (AAAARecord) answers(ask(query("vm1.example.com.", Type.AAAA))).get(0);
        assertThat(aaaa.getAddress()).isEqualTo(InetAddress.getByName("2001:db8::70"));
    }

    @Test
    void sipSrvNamesListTheProxiesWithThePortOfEachTransport() {
        Message udp = ask(query("_sip._udp.example.com.", Type.SRV));
        assertThat(answers(udp)).extracting(r -> ((SRVRecord) r).getPort() + " " + ((SRVRecord) r).getTarget())
                .containsExactlyInAnyOrder("5060 p1.example.com.", "5060 p2.example.com.", "5060 p3.example.com.",
                        "5070 tls1.example.com.");
        assertThat(answers(udp)).allSatisfy(r -> {
            assertThat(((SRVRecord) r).getPriority()).isEqualTo(10);
            assertThat(((SRVRecord) r).getWeight()).isEqualTo(10);
        });
        assertThat(targets(ask(query("_sip._tcp.example.com.", Type.SRV)))).hasSize(4);
        Message tls = ask(query("_sips._tcp.example.com.", Type.SRV));
        assertThat(answers(tls)).extracting(r -> ((SRVRecord) r).getPort() + " " + ((SRVRecord) r).getTarget())
                .containsExactly("5072 tls1.example.com.");
    }

    @Test
    void srvAnswersCarryTheTargetsAddresses() {
        Message m = ask(query("_sip._udp.example.com.", Type.SRV));
        Set<String> additional = m.getSection(Section.ADDITIONAL).stream()
                .map(r -> r.getName().toString()).collect(Collectors.toSet());
        assertThat(additional).isEqualTo(targets(m));
        assertThat(m.getSection(Section.ADDITIONAL)).allSatisfy(r -> assertThat(r.getType()).isEqualTo(Type.A));
    }

    @Test
    void everyRoleOfTheTableHasItsSrvName() {
        assertThat(targets(ask(query("_eventserver._tcp.example.com.", Type.SRV))))
                .containsExactlyInAnyOrder("ev1.example.com.", "ev2.example.com.");
        assertThat(targets(ask(query("_voicemail._tcp.example.com.", Type.SRV)))).containsExactly("vm1.example.com.");
        assertThat(targets(ask(query("_ngnpro._tcp.example.com.", Type.SRV)))).containsExactly("ngn1.example.com.");
        Message xcap = ask(query("_xcap._tcp.example.com.", Type.SRV));
        assertThat(targets(xcap)).containsExactly("xcap.example.net.");
        assertThat(xcap.getSection(Section.ADDITIONAL)).isEmpty();
    }

    @Test
    void naptrAtTheApexPointsAtTheSipSrvNamesInRfc3263Order() {
        Message m = ask(query("example.com.", Type.NAPTR));
        assertThat(answers(m)).extracting(r -> {
            NAPTRRecord n = (NAPTRRecord) r;
            return n.getOrder() + " " + n.getPreference() + " " + n.getFlags() + " " + n.getService() + " "
                    + n.getReplacement();
        }).containsExactly(
                "50 50 S SIPS+D2T _sips._tcp.example.com.",
                "90 50 S SIP+D2T _sip._tcp.example.com.",
                "100 50 S SIP+D2U _sip._udp.example.com.");
    }

    @Test
    void naptrLeavesOutTransportsNoNodeOffers() {
        DnsResponder plain = new DnsResponder(() -> TestZones.zone(TestZones.sipProxies(2)), 1232);
        Message m = TestZones.ask(plain, query("example.com.", Type.NAPTR), true);
        assertThat(answers(m)).extracting(r -> ((NAPTRRecord) r).getService()).containsExactly("SIP+D2T", "SIP+D2U");
        assertThat(TestZones.ask(plain, query("_sips._tcp.example.com.", Type.SRV), true).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void theApexAndSipAliasResolveToTheSipProxies() {
        for (String owner : List.of("example.com.", "sip.example.com.")) {
            assertThat(answers(ask(query(owner, Type.A)))).extracting(r -> r.rdataToString())
                    .containsExactlyInAnyOrder("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.50");
        }
    }

    @Test
    void anUnknownNameIsNxdomainWithTheSoa() {
        Message m = ask(query("nosuch.example.com.", Type.A));
        assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(answers(m)).isEmpty();
        assertThat(m.getSection(Section.AUTHORITY)).singleElement()
                .satisfies(r -> {
                    assertThat(r.getType()).isEqualTo(Type.SOA);
                    assertThat(r.getName()).isEqualTo(name("example.com."));
                });
    }

    @Test
    void anExistingNameWithoutTheTypeIsNodata() {
        Message m = ask(query("p1.example.com.", Type.MX));
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answers(m)).isEmpty();
        assertThat(m.getSection(Section.AUTHORITY)).extracting(Record::getType).containsExactly(Type.SOA);
        assertThat(ask(query("p1.example.com.", Type.AAAA)).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void anEmptyNonTerminalIsNodataNotNxdomain() {
        Message m = ask(query("_tcp.example.com.", Type.SRV));
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answers(m)).isEmpty();
        assertThat(ask(query("_foo._tcp.example.com.", Type.SRV)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void namesOutsideTheZoneAreRefused() {
        for (String outside : List.of("example.org.", "com.", "notexample.com.", "p1.example.com.evil.")) {
            Message m = ask(query(outside, Type.A));
            assertThat(m.getRcode()).as(outside).isEqualTo(Rcode.REFUSED);
            assertThat(m.getHeader().getFlag(Flags.AA)).isFalse();
            assertThat(answers(m)).isEmpty();
        }
    }

    @Test
    void otherClassesAndZoneTransfersAreRefused() {
        Message chaos = Message.newQuery(Record.newRecord(name("version.example.com."), Type.TXT, DClass.CH));
        assertThat(ask(chaos).getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(TestZones.ask(responder, query("example.com.", Type.AXFR), false).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void namesMatchWithoutRegardToCaseAndTheQuestionIsEchoedAsSent() {
        Message m = ask(query("P1.ExAmPlE.CoM.", Type.A));
        assertThat(answers(m)).extracting(Record::rdataToString).containsExactly("192.0.2.1");
        assertThat(m.getQuestion().getName().toString()).isEqualTo("P1.ExAmPlE.CoM.");
    }

    @Test
    void anyReturnsEverySetAtTheName() {
        Message m = ask(query("example.com.", Type.ANY));
        assertThat(answers(m)).extracting(Record::getType).contains(Type.SOA, Type.NS, Type.NAPTR, Type.A);
    }

    @Test
    void otherOpcodesAreNotImplemented() {
        Message notify = query("example.com.", Type.SOA);
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        Message m = ask(notify);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOTIMP);
        assertThat(m.getHeader().getID()).isEqualTo(notify.getHeader().getID());
        assertThat(m.getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
    }

    @Test
    void theHeaderEchoesIdRdAndCdAndNeverClaimsRecursion() {
        Message q = query("p1.example.com.", Type.A);
        q.getHeader().setFlag(Flags.RD);
        q.getHeader().setFlag(Flags.CD);
        Message m = ask(q);
        assertThat(m.getHeader().getID()).isEqualTo(q.getHeader().getID());
        assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(m.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(m.getHeader().getFlag(Flags.CD)).isTrue();
        assertThat(m.getHeader().getFlag(Flags.RA)).isFalse();
    }

    @Test
    void ednsQueriesGetAnOptRecordWithOurPayloadSizeAndTheirDoBit() {
        Message q = query("p1.example.com.", Type.A);
        q.addRecord(new OPTRecord(4096, 0, 0, Flags.DO), Section.ADDITIONAL);
        OPTRecord opt = ask(q).getOPT();
        assertThat(opt).isNotNull();
        assertThat(opt.getPayloadSize()).isEqualTo(1232);
        assertThat(opt.getVersion()).isZero();
        assertThat(opt.getFlags() & Flags.DO).isEqualTo(Flags.DO);
        assertThat(ask(query("p1.example.com.", Type.A)).getOPT()).isNull();
    }

    @Test
    void anUnknownEdnsVersionIsBadvers() {
        Message q = query("p1.example.com.", Type.A);
        q.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
        Message m = ask(q);
        assertThat(m.getRcode()).isEqualTo(Rcode.BADVERS);
        assertThat(answers(m)).isEmpty();
    }

    @Test
    void eachAnswerIsARandomSliceOfAtMostKNodes() {
        DnsResponder sliced = new DnsResponder(() -> TestZones.zone(TestZones.sipProxies(12), 5), 1232);
        Set<Set<String>> distinct = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            Message m = TestZones.ask(sliced, query("_sip._udp.example.com.", Type.SRV), true);
            Set<String> t = targets(m);
            assertThat(t).hasSize(5);
            assertThat(answers(m)).hasSize(5);
            assertThat(m.getSection(Section.ADDITIONAL)).hasSize(5);
            distinct.add(t);
            assertThat(TestZones.ask(sliced, query("example.com.", Type.A), true).getSection(Section.ANSWER)).hasSize(5);
        }
        assertThat(distinct).as("different slices").hasSizeGreaterThan(100);
    }

    @Test
    void slicesUseTheNodesEvenlyOver10000Queries() {
        DnsResponder sliced = new DnsResponder(() -> TestZones.zone(TestZones.sipProxies(12), 5), 1232);
        Map<String, Integer> uses = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            for (String t : targets(TestZones.ask(sliced, query("_sip._udp.example.com.", Type.SRV), true))) {
                uses.merge(t, 1, Integer::sum);
            }
        }
        assertThat(uses).hasSize(12);
        int most = uses.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        int least = uses.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        assertThat((double) most / least).as("most/least used %s", uses).isLessThanOrEqualTo(1.1);
    }

    @Test
    void aUdpAnswerOver512BytesIsTruncatedAndComplete() {
        DnsResponder big = new DnsResponder(() -> TestZones.zone(TestZones.sipProxies(40), 40), 1232);
        Message udp = TestZones.ask(big, query("_sip._udp.example.com.", Type.SRV), true);
        assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(answers(udp)).isEmpty();
        assertThat(udp.getQuestion().getName()).isEqualTo(name("_sip._udp.example.com."));
        Message tcp = TestZones.ask(big, query("_sip._udp.example.com.", Type.SRV), false);
        assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(answers(tcp)).hasSize(40);
        assertThat(tcp.getSection(Section.ADDITIONAL)).hasSize(40);
    }

    @Test
    void edns0RaisesTheUdpLimitUpToOurMaximum() {
        DnsResponder big = new DnsResponder(() -> TestZones.zone(TestZones.sipProxies(20), 20), 1232);
        byte[] plain = TestZones.respond(big, query("_sip._udp.example.com.", Type.SRV).toWire(), true);
        assertThat(TestZones.parse(plain).getHeader().getFlag(Flags.TC)).isTrue();
        byte[] edns = TestZones.respond(big, ednsQuery("_sip._udp.example.com.", Type.SRV, 4096).toWire(), true);
        Message m = TestZones.parse(edns);
        assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(answers(m)).hasSize(20);
        assertThat(edns.length).isLessThanOrEqualTo(1232);
        byte[] small = TestZones.respond(big, ednsQuery("_sip._udp.example.com.", Type.SRV, 300).toWire(), true);
        assertThat(TestZones.parse(small).getHeader().getFlag(Flags.TC)).as("512 is the floor").isTrue();
        assertThat(small.length).isLessThanOrEqualTo(512);
    }

    @Test
    void additionalAddressesThatDoNotFitAreLeftOutWithoutTc() {
        // 13 SRV records take 485 bytes; of their 13 addresses (16 bytes each) only one fits in 512
        DnsResponder big = new DnsResponder(() -> TestZones.zone(TestZones.sipProxies(13), 13), 1232);
        byte[] wire = TestZones.respond(big, query("_sip._udp.example.com.", Type.SRV).toWire(), true);
        Message m = TestZones.parse(wire);
        assertThat(wire.length).isLessThanOrEqualTo(512);
        assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(answers(m)).hasSize(13);
        assertThat(m.getSection(Section.ADDITIONAL)).hasSize(1);
    }

    @Test
    void aPublishedSnapshotIsUsedByTheNextQuery() {
        assertThat(targets(ask(query("_eventserver._tcp.example.com.", Type.SRV)))).contains("ev2.example.com.");
        List<Member> withoutEv2 = TestZones.mixed().stream().filter(m -> !m.id().equals("ev2")).toList();
        directory.publish(TestZones.zone(withoutEv2));
        for (int i = 0; i < 20; i++) {
            assertThat(targets(ask(query("_eventserver._tcp.example.com.", Type.SRV)))).containsExactly("ev1.example.com.");
        }
        assertThat(ask(query("ev2.example.com.", Type.A)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }
}
