package org.thor.overlay.event;

import java.nio.charset.StandardCharsets;

/**
 * One published message: a topic, its id and an opaque payload (JSON for the Thor topics, see
 * {@link Topics}).
 */
public record Event(String topic, EventId id, byte[] payload) {

    public Event {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("event topic is missing");
        }
        if (id == null) {
            throw new IllegalArgumentException("event id is missing");
        }
        payload = payload == null ? new byte[0] : payload;
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Event[" + topic + " " + id + ", " + payload.length + " bytes]";
    }
}
