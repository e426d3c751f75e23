package org.thor.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.thor.overlay.member.Member;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

class ZoneBuilderTest {

    private static List<String> lines(ZoneSnapshot zone) {
        return zone.records().stream().map(Record::toString).toList();
    }

    @Test
    void theSameMembersInAnyOrderBuildTheSameZone() {
        List<Member> members = new ArrayList<>(TestZones.mixed());
        ZoneSnapshot first = TestZones.zone(members);
        Collections.reverse(members);
        ZoneSnapshot second = TestZones.zone(members);
        assertThat(lines(second)).isEqualTo(lines(first));
        assertThat(second.serial()).isEqualTo(first.serial());
    }

    @Test
    void theSerialChangesWithTheMembership() {
        List<Member> members = TestZones.mixed();
        assertThat(ZoneBuilder.serialOf(members.subList(1, members.size()))).isNotEqualTo(ZoneBuilder.serialOf(members));
        assertThat(ZoneBuilder.serialOf(members)).isBetween(1L, (long) Integer.MAX_VALUE);
    }

    @Test
    void theSoaComesFirstAndEveryRecordHasTheConfiguredTtl() {
        ZoneConfig config = ZoneConfig.defaults("Example.COM").withTtl(Duration.ofSeconds(30));
        ZoneSnapshot zone = new ZoneBuilder(config, RoleRecordTable.defaults()).build(TestZones.mixed());
        assertThat(zone.records().get(0).getType()).isEqualTo(Type.SOA);
        assertThat(zone.records()).allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(30));
        assertThat(zone.zone().toString()).isEqualTo("example.com.");
    }

    @Test
    void memberIdsBecomeHostLabelsAndClashesGetASuffix() {
        List<Member> members = List.of(
                new Member("Node_1", "192.0.2.1", Set.of("sip_proxy"), Map.of("sip_proxy", 5060)),
                new Member("node.1", "192.0.2.2", Set.of("sip_proxy"), Map.of("sip_proxy", 5060)));
        assertThat(lines(TestZones.zone(members)))
                .contains("node-1.example.com.\t15\tIN\tA\t192.0.2.1", "node-1-2.example.com.\t15\tIN\tA\t192.0.2.2");
    }

    @Test
    void aSpecificPortNameWinsOverTheRolePort() {
        List<Member> members = List.of(new Member("p1", "192.0.2.1", Set.of("sip_proxy"),
                Map.of("sip_proxy", 5060, "sip_udp", 5080)));
        List<Integer> udpPorts = TestZones.zone(members).records().stream()
                .filter(r -> r.getType() == Type.SRV && r.getName().toString().startsWith("_sip._udp"))
                .map(r -> ((SRVRecord) r).getPort()).toList();
        assertThat(udpPorts).containsExactly(5080);
    }

    @Test
    void emptyNonTerminalsExist() {
        ZoneSnapshot zone = TestZones.zone(TestZones.mixed());
        // apex, sip alias, 11 hosts, 7 SRV names, _udp and _tcp
        assertThat(zone.nameCount()).isEqualTo(1 + 1 + 10 + 7 + 2);
    }

    @Test
    void withoutADnsMemberTheApexIsTheSoaMnameAndThereIsNoNs() {
        ZoneSnapshot zone = TestZones.zone(TestZones.sipProxies(2));
        assertThat(zone.records()).noneMatch(r -> r.getType() == Type.NS);
        assertThat(zone.records().get(0).rdataToString()).startsWith("example.com. hostmaster.example.com. ");
    }

    @Test
    void badZoneSettingsNameTheSetting() {
        assertThatThrownBy(() -> ZoneConfig.defaults("example.com").withSliceSize(0))
                .hasMessageContaining("slice size must be 1..256, got 0");
        assertThatThrownBy(() -> ZoneConfig.defaults("example.com").withTtl(Duration.ZERO))
                .hasMessageContaining("dns ttl must be whole seconds");
        assertThatThrownBy(() -> ZoneConfig.defaults("exa mple..com")).hasMessageContaining("is not a domain name");
        assertThatThrownBy(() -> new RoleRecordTable(List.of(
                new RoleRecords("a", List.of(SrvService.srv("_x._tcp", "a")), List.of()),
                new RoleRecords("b", List.of(SrvService.srv("_x._tcp", "b")), List.of())), "dns"))
                .hasMessageContaining("SRV name _x._tcp is claimed by roles a and b");
    }
}
