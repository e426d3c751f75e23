package org.thor.adapters.component;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.thor.overlay.event.Topics;

/**
 * The {@code thor:} Camel component: routes reach the overlay through it.
 *
 * <ul>
 *   <li>{@code thor:lookup?role=R} (producer): the key in the body or header {@code ThorKey};
 *       the home node's id, address and ports out as headers; fails when no node of R is online.</li>
 *   <li>{@code thor:publish?topic=T} (producer): publishes the body on topic T.</li>
 *   <li>{@code thor:members[?role=R]} (consumer): one exchange per change of the members of R
 *       (of any role without R): joined and left ids as headers, the members as the body.</li>
 *   <li>{@code thor:events?topic=T} (consumer): one exchange per event of topic T.</li>
 * </ul>
 * Bad endpoints (an unknown kind, a missing role, an unknown topic, an unknown parameter) fail
 * when the route is created, so a route file with one fails at start.
 */
public final class ThorComponent extends DefaultComponent {

    private ThorOverlay overlay;

    public ThorComponent() {
    }

    public ThorComponent(ThorOverlay overlay) {
        this.overlay = overlay;
    }

    public ThorOverlay getOverlay() {
        return overlay;
    }

    public void setOverlay(ThorOverlay overlay) {
        this.overlay = overlay;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String where = "thor:" + remaining;
        ThorEndpoint.Kind kind = ThorEndpoint.Kind.parse(remaining, where);
        String role = getAndRemoveParameter(parameters, "role", String.class);
        String topic = getAndRemoveParameter(parameters, "topic", String.class);
        switch (kind) {
            case LOOKUP -> require(where, "role", role);
            case PUBLISH, EVENTS -> {
                require(where, "topic", topic);
                if (!Topics.known(topic)) {
                    throw new IllegalArgumentException(where + ": unknown topic '" + topic + "'");
                }
            }
            case MEMBERS -> {
            }
        }
        if (kind == ThorEndpoint.Kind.PUBLISH || kind == ThorEndpoint.Kind.EVENTS) {
            if (role != null) {
                throw new IllegalArgumentException(where + " takes no role");
            }
        } else if (topic != null) {
            throw new IllegalArgumentException(where + " takes no topic");
        }
        if (overlay == null) {
            overlay = getCamelContext().getRegistry().findSingleByType(ThorOverlay.class);
        }
        if (overlay == null) {
            throw new IllegalStateException(where + ": no ThorOverlay: give the thor component one, or bind one in the registry");
        }
        ThorEndpoint endpoint = new ThorEndpoint(uri, this, kind, role, topic, overlay);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    private static void require(String uri, String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(uri + ": the parameter '" + name + "' is required");
        }
    }
}
