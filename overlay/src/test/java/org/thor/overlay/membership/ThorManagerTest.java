package org.thor.overlay.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.thor.overlay.member.Member;

class ThorManagerTest {

    private final MembershipSettings settings = MembershipSettings.defaults(1);
    private final List<NetworkStatus> published = new ArrayList<>();
    private final ThorManager manager = new ThorManager("m1", settings, published::add);
    private long now = 1_000_000;

    private static Presence presence(String id, String role, long sequence, long statusTerm) {
        return new Presence(new Member(id, "127.0.0.1", Set.of(role)), "1", "", Map.of(), 1, sequence, statusTerm);
    }

    private void activate() {
        manager.onPresence(presence("m1", settings.managerRole(), 1, 0), now);
        manager.onPresence(presence("n1", "sip_proxy", 1, 0), now);
        manager.onReport(new ConnectivityReport("s1", 1, Set.of("m1", "n1")), now);
        now += settings.reportTimeout().toMillis();
        manager.onReport(new ConnectivityReport("s1", 2, Set.of("m1", "n1")), now);
        assertThat(manager.isActive()).isTrue();
    }

    @Test
    void aMemberHoldingANewerTermMakesTheActiveManagerTakeATermAboveIt() {
        activate();
        assertThat(published).last().extracting(s -> s.version().term()).isEqualTo(1L);

        // n1 follows a status of term 7 that never reached m1 (say, from a manager that was briefly active)
        manager.onPresence(presence("n1", "sip_proxy", 2, 7), now);
        now += 10;
        manager.tick(now);

        assertThat(manager.isActive()).isTrue();
        assertThat(published).last().extracting(s -> s.version().term()).isEqualTo(8L);
    }

    @Test
    void aMemberHoldingTheCurrentTermChangesNothing() {
        activate();
        int before = published.size();
        manager.onPresence(presence("n1", "sip_proxy", 2, 1), now);
        now += 10;
        manager.tick(now);
        assertThat(manager.version().term()).isEqualTo(1L);
        assertThat(published).hasSize(before);
    }

    @Test
    void twoManagersActiveInTheSameTermMakeTheElectedOneTakeANewerTerm() {
        activate();
        // m2 became active at the same moment, before either heard the other, and published further
        NetworkStatus other = new NetworkStatus(new StatusVersion(1, 9), "m2",
                List.of(new Member("m2", "127.0.0.2", Set.of(settings.managerRole()))), Set.of());
        manager.onStatus(other, now);
        assertThat(manager.isActive()).isFalse();

        now += 10;
        manager.tick(now);
        assertThat(manager.isActive()).isTrue();
        assertThat(published).last().satisfies(s -> {
            assertThat(s.version().term()).isEqualTo(2L);
            assertThat(s.version().isNewerThan(other.version())).isTrue();
        });
    }

    @Test
    void itsOwnStatusOrAnOlderTermDoesNotMakeTheActiveManagerStepDown() {
        activate();
        manager.onStatus(published.get(published.size() - 1), now);
        manager.onStatus(new NetworkStatus(new StatusVersion(0, 50), "m2", List.of(), Set.of()), now);
        assertThat(manager.isActive()).isTrue();
        assertThat(manager.version().term()).isEqualTo(1L);
    }
}
