package org.thor.overlay.membership;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LivenessTrackerTest {

    private final MembershipSettings settings = MembershipSettings.defaults(3);
    private final LivenessTracker tracker = new LivenessTracker("es1", settings);

    @Test
    void aClosedConnectionIsUnseenAtOnce() {
        tracker.connected("n1", 0);
        assertThat(tracker.report(0)).get().extracting(ConnectivityReport::seen).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.COLLECTION).containsExactly("n1");
        tracker.disconnected("n1");
        assertThat(tracker.report(1)).get().extracting(ConnectivityReport::seen).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.COLLECTION).isEmpty();
    }

    @Test
    void aSilentMemberIsUnseenAfterTheSilenceTimeout() {
        tracker.connected("n1", 0);
        tracker.heard("n1", 1000);
        assertThat(tracker.seen(3000)).containsExactly("n1");
        assertThat(tracker.seen(3001)).isEmpty();
        tracker.heard("n1", 3500);
        assertThat(tracker.seen(3500)).containsExactly("n1");
    }

    @Test
    void aSecondConnectionKeepsTheMemberSeenWhenTheFirstCloses() {
        tracker.connected("n1", 0);
        tracker.connected("n1", 10);
        tracker.disconnected("n1");
        assertThat(tracker.seen(20)).containsExactly("n1");
        tracker.disconnected("n1");
        assertThat(tracker.seen(20)).isEmpty();
        tracker.heard("n1", 30);
        assertThat(tracker.seen(30)).as("no connection, hearing means nothing").isEmpty();
    }

    @Test
    void reportsOnChangeAndEveryIntervalOnly() {
        tracker.connected("n1", 0);
        ConnectivityReport first = tracker.report(0).orElseThrow();
        assertThat(tracker.report(100)).isEmpty();
        tracker.connected("n2", 200);
        ConnectivityReport second = tracker.report(200).orElseThrow();
        assertThat(second.sequence()).isGreaterThan(first.sequence());
        assertThat(tracker.report(600)).isEmpty();
        assertThat(tracker.report(700)).isPresent();
    }

    @Test
    void settingsAreChecked() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MembershipSettings(3,
                java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(500),
                java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(5), "thor_manager"))
                .hasMessageContaining("silenceTimeout (PT1S) must be at least twice presenceInterval (PT1S)");
        assertThat(MembershipSettings.defaults(3).quorum()).isEqualTo(2);
        assertThat(MembershipSettings.defaults(4).quorum()).isEqualTo(3);
    }
}
