package org.thor.overlay.event;

/**
 * The identity of one event, the same on every event server it travels through, so that a client
 * connected to several servers delivers it once.
 *
 * @param publisher the publishing member's name (its certificate CN; the server checks this)
 * @param epoch     the publisher's start time in milliseconds: a restarted publisher counts anew
 * @param sequence  1, 2, 3... within one epoch
 */
public record EventId(String publisher, long epoch, long sequence) {

    public EventId {
        if (publisher == null || publisher.isEmpty()) {
            throw new IllegalArgumentException("event publisher is missing");
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("event sequence must be positive, got " + sequence);
        }
    }

    @Override
    public String toString() {
        return publisher + "/" + epoch + "/" + sequence;
    }
}
