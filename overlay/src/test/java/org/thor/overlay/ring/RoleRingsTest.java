package org.thor.overlay.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.thor.overlay.member.Member;

class RoleRingsTest {

    private final Member proxy = new Member("n1", "10.0.0.1", Set.of("sip_proxy"));
    private final Member both = new Member("n2", "10.0.0.2", Set.of("sip_proxy", "voicemail_server"));

    @Test
    void buildsOneRingPerRole() {
        RoleRings rings = RoleRings.of(100, List.of(proxy, both));
        assertThat(rings.roles()).containsExactly("sip_proxy", "voicemail_server");
        assertThat(rings.ring("sip_proxy").size()).isEqualTo(2);
        assertThat(rings.lookup("voicemail_server", "alice@example.com")).isEqualTo(both);
    }

    @Test
    void isOnlineByAddressAndRole() {
        RoleRings rings = RoleRings.of(100, List.of(proxy, both));
        assertThat(rings.isOnline("10.0.0.1", "sip_proxy")).isTrue();
        assertThat(rings.isOnline("10.0.0.1", "voicemail_server")).isFalse();
        assertThat(rings.isOnline("10.0.0.9", "sip_proxy")).isFalse();
        assertThat(rings.isOnline("10.0.0.2", "no_such_role")).isFalse();
    }

    @Test
    void aRoleNobodyServesHasAnEmptyRing() {
        RoleRings rings = RoleRings.of(100, List.of(proxy));
        assertThat(rings.ring("media_relay").isEmpty()).isTrue();
        assertThatThrownBy(() -> rings.lookup("media_relay", "alice@example.com"))
                .isInstanceOf(NoNodeOnlineException.class);
    }

    @Test
    void directoryPublishesWholeSnapshots() {
        RingDirectory directory = new RingDirectory(RoleRings.empty(100));
        assertThat(directory.get().roles()).isEmpty();
        directory.publish(RoleRings.of(100, List.of(proxy)));
        assertThat(directory.get().lookup("sip_proxy", "bob@example.com")).isEqualTo(proxy);
    }

    @Test
    void aRoleServedOutsideTheRingIsOnlineButNoHome() {
        Member pres = new Member("p1", "10.0.0.7", Set.of("presence_server", "sip_proxy"), java.util.Map.of(),
                Set.of("presence_server"));
        RoleRings rings = RoleRings.of(100, List.of(pres, proxy));
        assertThat(rings.isOnline("10.0.0.7", "presence_server")).isTrue();
        assertThat(rings.serving("presence_server")).containsExactly(pres);
        assertThat(rings.roles()).contains("presence_server");
        assertThatThrownBy(() -> rings.lookup("presence_server", "alice@example.com"))
                .hasMessage("role presence_server takes no part in the ring (no subscriber has a home in it)");
        assertThat(rings.ring("sip_proxy").members()).containsExactly(proxy, pres);
        assertThatThrownBy(() -> new Member("x", "10.0.0.8", Set.of("a"), java.util.Map.of(), Set.of("b")))
                .hasMessageContaining("role 'b' is outside the ring but not served");
    }

    @Test
    void aNewSnapshotKeepsTheRingsWhoseMembersDidNotChange() {
        RoleRings before = RoleRings.of(100, List.of(proxy, both));
        Member voicemailOnly = new Member("n3", "10.0.0.3", Set.of("voicemail_server"));
        RoleRings after = RoleRings.of(100, List.of(both, proxy, voicemailOnly), before);
        assertThat(after.ring("sip_proxy")).isSameAs(before.ring("sip_proxy"));
        assertThat(after.ring("voicemail_server")).isNotSameAs(before.ring("voicemail_server"));
        assertThat(after.ring("voicemail_server").size()).isEqualTo(2);

        // a member announcing other ports is another member: lookups must return the new ports
        Member moved = new Member("n1", "10.0.0.1", Set.of("sip_proxy"), java.util.Map.of("sip_proxy", 5070));
        RoleRings ported = RoleRings.of(100, List.of(moved, both, voicemailOnly), after);
        assertThat(ported.ring("sip_proxy")).isNotSameAs(after.ring("sip_proxy"));
        assertThat(ported.ring("sip_proxy").members()).contains(moved);
        // and another multiply places every point anew
        assertThat(RoleRings.of(200, List.of(proxy, both), before).ring("sip_proxy")).isNotSameAs(before.ring("sip_proxy"));
    }
}
