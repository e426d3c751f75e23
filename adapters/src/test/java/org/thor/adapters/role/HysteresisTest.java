package org.thor.adapters.role;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HysteresisTest {

    @Test
    void startsUnhealthyAndRisesAfterRisePassesInARow() {
        Hysteresis h = new Hysteresis(3, 2);
        assertThat(h.healthy()).isFalse();
        assertThat(h.record(true)).isFalse();
        assertThat(h.record(true)).isFalse();
        assertThat(h.record(false)).isFalse(); // the streak is broken
        assertThat(h.record(true)).isFalse();
        assertThat(h.record(true)).isFalse();
        assertThat(h.record(true)).isTrue();
    }

    @Test
    void fallsOnlyAfterFallFailuresInARow() {
        Hysteresis h = new Hysteresis(1, 3);
        assertThat(h.record(true)).isTrue();
        assertThat(h.record(false)).isTrue();
        assertThat(h.record(false)).isTrue();
        assertThat(h.record(true)).isTrue();   // one pass resets the failures
        assertThat(h.record(false)).isTrue();
        assertThat(h.record(false)).isTrue();
        assertThat(h.record(false)).isFalse();
    }

    @Test
    void riseAndFallOfOneFollowEachResult() {
        Hysteresis h = new Hysteresis(1, 1);
        assertThat(h.record(true)).isTrue();
        assertThat(h.record(false)).isFalse();
        assertThat(h.record(true)).isTrue();
    }
}
