package org.thor.adapters.component;

import java.util.Locale;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** One {@code thor:} endpoint: its kind and its role or topic (see {@link ThorComponent}). */
public final class ThorEndpoint extends DefaultEndpoint {

    /** What the endpoint does. */
    public enum Kind {
        LOOKUP, PUBLISH, MEMBERS, EVENTS;

        static Kind parse(String remaining, String uri) {
            try {
                return valueOf(remaining.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(uri + ": unknown thor endpoint '" + remaining
                        + "' (expected lookup, publish, members or events)");
            }
        }
    }

    private final Kind kind;
    private final String role;
    private final String topic;
    private final ThorOverlay overlay;

    ThorEndpoint(String uri, ThorComponent component, Kind kind, String role, String topic, ThorOverlay overlay) {
        super(uri, component);
        this.kind = kind;
        this.role = role;
        this.topic = topic;
        this.overlay = overlay;
    }

    @Override
    public Producer createProducer() {
        return switch (kind) {
            case LOOKUP -> new ThorLookupProducer(this);
            case PUBLISH -> new ThorPublishProducer(this);
            default -> throw new IllegalArgumentException(getEndpointUri() + ": thor:" + name() + " is a consumer (use it in from)");
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        Consumer consumer = switch (kind) {
            case MEMBERS -> new ThorMembersConsumer(this, processor);
            case EVENTS -> new ThorEventsConsumer(this, processor);
            default -> throw new IllegalArgumentException(getEndpointUri() + ": thor:" + name() + " is a producer (use it in to)");
        };
        configureConsumer(consumer);
        return consumer;
    }

    private String name() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    public Kind kind() {
        return kind;
    }

    /** The role, or null (thor:members of every role). */
    public String role() {
        return role;
    }

    public String topic() {
        return topic;
    }

    ThorOverlay overlay() {
        return overlay;
    }
}
