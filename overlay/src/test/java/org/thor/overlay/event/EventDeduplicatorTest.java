package org.thor.overlay.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventDeduplicatorTest {

    private static EventId id(String publisher, long epoch, long sequence) {
        return new EventId(publisher, epoch, sequence);
    }

    @Test
    void threeCopiesInAnyOrderAreDeliveredOnce() {
        EventDeduplicator dedup = new EventDeduplicator(16, 1024);
        List<Long> arrivals = new ArrayList<>();
        for (long s = 1; s <= 5000; s++) {
            arrivals.add(s);
            arrivals.add(s);
            arrivals.add(s);
        }
        // reorder within a span smaller than the window, as three servers lagging each other would
        Random random = new Random(7);
        for (int i = 0; i + 300 < arrivals.size(); i += 150) {
            Collections.shuffle(arrivals.subList(i, i + 300), random);
        }
        int delivered = 0;
        for (long s : arrivals) {
            if (dedup.firstTime(id("p", 1, s))) {
                delivered++;
            }
        }
        assertThat(delivered).isEqualTo(5000);
    }

    @Test
    void aGapIsFilledLaterButAnEventOlderThanTheWindowIsDropped() {
        EventDeduplicator dedup = new EventDeduplicator(16, 64);
        assertThat(dedup.firstTime(id("p", 1, 10))).isTrue();
        assertThat(dedup.firstTime(id("p", 1, 5))).isTrue();
        assertThat(dedup.firstTime(id("p", 1, 5))).isFalse();
        assertThat(dedup.firstTime(id("p", 1, 200))).isTrue();
        assertThat(dedup.firstTime(id("p", 1, 137))).as("inside the window").isTrue();
        assertThat(dedup.firstTime(id("p", 1, 136))).as("below the window").isFalse();
        assertThat(dedup.firstTime(id("p", 1, 10))).isFalse();
    }

    @Test
    void aRestartedPublisherStartsAgainAndItsOldEpochIsDropped() {
        EventDeduplicator dedup = new EventDeduplicator(16, 64);
        assertThat(dedup.firstTime(id("p", 1, 500))).isTrue();
        assertThat(dedup.firstTime(id("p", 2, 1))).isTrue();
        assertThat(dedup.firstTime(id("p", 1, 501))).isFalse();
        assertThat(dedup.firstTime(id("q", 1, 1))).as("publishers are independent").isTrue();
    }

    @Test
    void rememberedPublishersAreBounded() {
        EventDeduplicator dedup = new EventDeduplicator(3, 64);
        for (int p = 0; p < 100; p++) {
            dedup.firstTime(id("p" + p, 1, 1));
        }
        assertThat(dedup.publishers()).isEqualTo(3);
        assertThat(dedup.firstTime(id("p99", 1, 1))).isFalse();
    }
}
