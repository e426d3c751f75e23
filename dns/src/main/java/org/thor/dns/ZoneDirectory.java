package org.thor.dns;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Holds the current {@link ZoneSnapshot}. Queries read it without locking; a membership change
 * publishes a whole new snapshot with {@link #publish}, so an answer comes from either the old or the
 * new network, never a mix (the same scheme as the overlay's {@code RingDirectory}).
 */
public final class ZoneDirectory implements Supplier<ZoneSnapshot> {

    private volatile ZoneSnapshot current;

    public ZoneDirectory(ZoneSnapshot initial) {
        this.current = Objects.requireNonNull(initial, "initial zone snapshot");
    }

    @Override
    public ZoneSnapshot get() {
        return current;
    }

    public void publish(ZoneSnapshot snapshot) {
        this.current = Objects.requireNonNull(snapshot, "zone snapshot");
    }
}
