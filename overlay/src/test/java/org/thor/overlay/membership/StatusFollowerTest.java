package org.thor.overlay.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.thor.overlay.member.Member;
import org.thor.overlay.ring.RingDirectory;
import org.thor.overlay.ring.RoleRings;

class StatusFollowerTest {

    private final Member a = new Member("a", "10.0.0.1", Set.of("sip_proxy"));
    private final Member b = new Member("b", "10.0.0.2", Set.of("sip_proxy"));
    private final RingDirectory directory = new RingDirectory(RoleRings.empty(100));
    private final StatusFollower follower = new StatusFollower(directory, 100);

    private static NetworkStatus status(long term, long seq, Member... members) {
        return new NetworkStatus(new StatusVersion(term, seq), "m", List.of(members), Set.of());
    }

    @Test
    void appliesNewerStatusesToTheRings() {
        assertThat(follower.onStatus(status(1, 1, a))).isTrue();
        assertThat(directory.get().ring("sip_proxy").members()).containsExactly(a);
        assertThat(follower.onStatus(status(1, 2, a, b))).isTrue();
        assertThat(directory.get().ring("sip_proxy").members()).containsExactly(a, b);
    }

    @Test
    void ignoresOlderAndRepeatedVersions() {
        follower.onStatus(status(2, 1, a, b));
        assertThat(follower.onStatus(status(1, 9, a))).as("a deposed manager's term").isFalse();
        assertThat(follower.onStatus(status(2, 1, a))).as("the same version again").isFalse();
        assertThat(directory.get().ring("sip_proxy").members()).containsExactly(a, b);
    }

    @Test
    void aRepeatedContentKeepsTheSameRingSnapshot() {
        follower.onStatus(status(1, 1, a));
        RoleRings before = directory.get();
        assertThat(follower.onStatus(status(2, 1, a))).isTrue();
        assertThat(directory.get()).isSameAs(before);
    }
}
