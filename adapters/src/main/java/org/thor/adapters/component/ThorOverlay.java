package org.thor.adapters.component;

import java.util.function.Consumer;
import org.thor.overlay.event.Event;
import org.thor.overlay.membership.NetworkStatus;
import org.thor.overlay.ring.RoleRings;

/**
 * What the {@code thor:} component needs from the overlay, and nothing more: the rings, the
 * network status as it changes, and publish/subscribe on the event servers. {@link AgentOverlay}
 * is the real one over a {@code MemberAgent}; tests give the component a fake.
 */
public interface ThorOverlay {

    /** The rings lookups are answered from now. */
    RoleRings rings();

    /** The newest network status this member has, or null before the first. */
    NetworkStatus currentStatus();

    /** Calls {@code listener} with each newer network status (on an overlay thread: do not block). */
    Subscription onStatus(Consumer<NetworkStatus> listener);

    /** Subscribes to {@code topic} and calls {@code listener} with each event (on an overlay thread: do not block). */
    Subscription onEvent(String topic, Consumer<Event> listener);

    /**
     * Publishes {@code payload} on {@code topic}.
     *
     * @return the event as sent and how many event servers took it
     * @throws IllegalStateException when this process has not joined the network
     */
    Published publish(String topic, byte[] payload);

    /** An event as sent, and the number of event servers it was handed to. */
    record Published(Event event, int servers) {
    }

    /** Stops a listener. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
