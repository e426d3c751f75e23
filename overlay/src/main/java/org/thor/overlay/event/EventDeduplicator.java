package org.thor.overlay.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Says whether an event is seen for the first time, so that a client connected to several event
 * servers hands each event to the application once.
 *
 * <p>Per publisher it keeps the epoch, the highest sequence seen and a window of {@code window}
 * bits below it. A sequence above the highest is new; one inside the window is new unless its
 * bit is set; one below the window is taken as already seen. The events of one publisher reach a
 * server in order over one TCP connection and leave it in order, so copies via different servers
 * differ in arrival by at most the lag between servers: a window of thousands of events covers it.
 * A larger epoch (the publisher restarted) starts a fresh window; an older epoch is dropped.
 * At most {@code maxPublishers} publishers are remembered, the least recently heard is forgotten
 * first. Memory is therefore bounded by {@code maxPublishers * window / 8} bytes.
 * Not thread-safe: callers serialize.
 */
final class EventDeduplicator {

    private final int window;
    private final Map<String, PublisherWindow> publishers;

    EventDeduplicator(int maxPublishers, int window) {
        if (maxPublishers < 1) {
            throw new IllegalArgumentException("dedup publishers must be at least 1, got " + maxPublishers);
        }
        if (window < 64 || window % 64 != 0) {
            throw new IllegalArgumentException("dedup window must be a positive multiple of 64, got " + window);
        }
        this.window = window;
        this.publishers = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PublisherWindow> eldest) {
                return size() > maxPublishers;
            }
        };
    }

    /** True the first time {@code id} is offered. */
    boolean firstTime(EventId id) {
        PublisherWindow state = publishers.get(id.publisher());
        if (state == null || id.epoch() > state.epoch) {
            state = new PublisherWindow(id.epoch(), window);
            publishers.put(id.publisher(), state);
        } else if (id.epoch() < state.epoch) {
            return false;
        }
        return state.firstTime(id.sequence());
    }

    int publishers() {
        return publishers.size();
    }

    private static final class PublisherWindow {
        final long epoch;
        final long[] bits;
        final int size;
        long highest;

        PublisherWindow(long epoch, int size) {
            this.epoch = epoch;
            this.size = size;
            this.bits = new long[size / 64];
        }

        boolean firstTime(long sequence) {
            if (sequence > highest) {
                if (sequence - highest >= size) {
                    java.util.Arrays.fill(bits, 0L);
                } else {
                    for (long s = highest + 1; s < sequence; s++) {
                        clear(s);
                    }
                }
                set(sequence);
                highest = sequence;
                return true;
            }
            if (highest - sequence >= size) {
                return false;
            }
            if (isSet(sequence)) {
                return false;
            }
            set(sequence);
            return true;
        }

        private int slot(long sequence) {
            return (int) Math.floorMod(sequence, (long) size);
        }

        private boolean isSet(long sequence) {
            int slot = slot(sequence);
            return (bits[slot >>> 6] & (1L << (slot & 63))) != 0;
        }

        private void set(long sequence) {
            int slot = slot(sequence);
            bits[slot >>> 6] |= 1L << (slot & 63);
        }

        private void clear(long sequence) {
            int slot = slot(sequence);
            bits[slot >>> 6] &= ~(1L << (slot & 63));
        }
    }
}
