package org.thor.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.thor.overlay.member.Member;
import org.thor.overlay.membership.NetworkStatus;
import org.thor.overlay.membership.StatusVersion;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

class LiveZoneFeedTest {

    private final ZoneBuilder builder = new ZoneBuilder(ZoneConfig.defaults("example.com"), RoleRecordTable.defaults());
    private final ZoneDirectory directory = LiveZoneFeed.emptyDirectory(builder);
    private final LiveZoneFeed feed = new LiveZoneFeed(builder, directory);

    private static NetworkStatus status(long sequence, List<Member> members) {
        return new NetworkStatus(new StatusVersion(1, sequence), "manager1", members, Set.of());
    }

    private List<String> udpTargets() {
        return directory.get().records().stream()
                .filter(r -> r.getType() == Type.SRV && r.getName().toString().equals("_sip._udp.example.com."))
                .map(r -> ((SRVRecord) r).getTarget().toString()).sorted().toList();
    }

    @Test
    void beforeAnyStatusTheZoneHasOnlyItsApexRecords() {
        assertThat(directory.get().records()).extracting(Record::getType).doesNotContain(Type.SRV, Type.A, Type.NS);
    }

    @Test
    void eachNewerStatusReplacesTheZone() {
        feed.accept(status(1, TestZones.sipProxies(3)));
        assertThat(udpTargets()).containsExactly("p1.example.com.", "p2.example.com.", "p3.example.com.");
        feed.accept(status(2, TestZones.sipProxies(2)));
        assertThat(udpTargets()).containsExactly("p1.example.com.", "p2.example.com.");
    }

    @Test
    void anOlderOrRepeatedStatusChangesNothing() {
        feed.accept(status(5, TestZones.sipProxies(2)));
        feed.accept(status(4, TestZones.sipProxies(3)));
        feed.accept(status(5, TestZones.sipProxies(1)));
        assertThat(udpTargets()).containsExactly("p1.example.com.", "p2.example.com.");
    }

    @Test
    void theSerialDependsOnTheMembersNotOnTheStatusVersion() {
        feed.accept(status(1, TestZones.sipProxies(2)));
        long serial = directory.get().serial();
        feed.accept(status(7, TestZones.sipProxies(2)));
        assertThat(directory.get().serial()).isEqualTo(serial).isEqualTo(ZoneBuilder.serialOf(TestZones.sipProxies(2)));
    }

    @Test
    void eventServersAreListedUnderTheirCertifiedRole() {
        feed.accept(status(1, List.of(new Member("events1", "127.0.0.11", Set.of("thor_eventserver"),
                java.util.Map.of("eventserver", 8000)))));
        assertThat(directory.get().records()).filteredOn(r -> r.getType() == Type.SRV)
                .extracting(Record::toString).containsExactly("_eventserver._tcp.example.com.\t15\tIN\tSRV\t10 10 8000 events1.example.com.");
    }
}
