package org.thor.overlay.event;

/**
 * The frames of the event protocol (see {@link EventFrameCodec} for the bytes).
 *
 * <p>Client to server: {@link Subscribe}, {@link Unsubscribe}, {@link Publish}, {@link Ping}.
 * Server to client: {@link Subscribed}, {@link Deliver}, {@link Refused}.
 */
public sealed interface EventFrame {

    /** Start receiving {@code topic}; answered with {@link Subscribed} or {@link Refused}. */
    record Subscribe(String topic) implements EventFrame {
    }

    /** Stop receiving {@code topic}. */
    record Unsubscribe(String topic) implements EventFrame {
    }

    /** Publish an event to every subscriber of its topic. */
    record Publish(Event event) implements EventFrame {
    }

    /** The server now sends {@code topic} to this connection. */
    record Subscribed(String topic) implements EventFrame {
    }

    /** An event of a subscribed topic. */
    record Deliver(Event event) implements EventFrame {
    }

    /** A subscribe or publish the server did not carry out, and why. */
    record Refused(String reason) implements EventFrame {
    }

    /** Keeps an idle connection open; the server ignores it. */
    record Ping() implements EventFrame {
    }
}
