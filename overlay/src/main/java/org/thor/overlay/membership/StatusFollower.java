package org.thor.overlay.membership;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.thor.overlay.ring.RingDirectory;
import org.thor.overlay.ring.RoleRings;

/**
 * The member side of the network status: applies each newer {@link NetworkStatus} to the
 * member's rings (one new {@link RoleRings} snapshot, published atomically) and tells listeners.
 * Older or equal versions, from a deposed manager or repeated by the active one, change nothing.
 * Rings whose members did not change are carried over, not rebuilt. Thread-safe; {@link #current}
 * never waits for a status being applied.
 */
public final class StatusFollower {

    private final RingDirectory directory;
    private final int multiply;
    private final List<Consumer<NetworkStatus>> listeners = new CopyOnWriteArrayList<>();
    private volatile NetworkStatus current;

    public StatusFollower(RingDirectory directory, int multiply) {
        this.directory = directory;
        this.multiply = multiply;
    }

    /** Applies {@code status} when it is newer than the current one; returns whether it did. */
    public boolean onStatus(NetworkStatus status) {
        synchronized (this) {
            if (current != null && !status.version().isNewerThan(current.version())) {
                return false;
            }
            if (!status.sameContentAs(current)) {
                directory.publish(RoleRings.of(multiply, status.members(), directory.get()));
            }
            current = status; // after the rings: whoever sees this status finds its rings in place
        }
        listeners.forEach(l -> l.accept(status));
        return true;
    }

    /** The status applied last; null before the first. */
    public NetworkStatus current() {
        return current;
    }

    public void addListener(Consumer<NetworkStatus> listener) {
        listeners.add(listener);
    }
}
