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
    void aPauseOfTheEventServerItselfIsNotTakenForTheMembersSilence() {
        tracker.connected("n1", 0);
        tracker.connected("n2", 0);
        tracker.heard("n1", 100);
        tracker.heard("n2", 50);
        assertThat(tracker.report(100).orElseThrow().seen()).containsExactlyInAnyOrder("n1", "n2");
        // the server's JVM does not run for 5 s; the members' presence of that time waits in the sockets
        long t = 5100;
        assertThat(tracker.report(t)).get().extracting(ConnectivityReport::seen).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.COLLECTION).containsExactlyInAnyOrder("n1", "n2");
        tracker.heard("n1", t); // n1's queued presence is read; n2 really went silent during the pause
        for (t = 5150; t <= 7050; t += 50) {
            tracker.report(t);
            assertThat(tracker.seen(t)).as("at %d", t).contains("n1", "n2");
        }
        // n2 was last heard at 50, moved by the 5,000 ms gap to 5,050: silent from 7,050 on
        assertThat(tracker.report(7100).orElseThrow().seen()).containsExactly("n1");
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
