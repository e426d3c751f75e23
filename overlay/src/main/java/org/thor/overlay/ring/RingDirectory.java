package org.thor.overlay.ring;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Holds the current {@link RoleRings} snapshot. Lookups read it without locking; a membership
 * change publishes a whole new snapshot with {@link #publish}, so a lookup sees either the old or
 * the new network, never a mix.
 */
public final class RingDirectory implements Supplier<RoleRings> {

    private volatile RoleRings current;

    public RingDirectory(RoleRings initial) {
        this.current = Objects.requireNonNull(initial, "initial rings");
    }

    @Override
    public RoleRings get() {
        return current;
    }

    public void publish(RoleRings rings) {
        this.current = Objects.requireNonNull(rings, "rings");
    }
}
