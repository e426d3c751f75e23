package org.thor.overlay.event;

import java.net.InetSocketAddress;

/** What an {@link EventClient} hands to the application. Called on a network thread: do not block. */
public interface EventListener {

    /** An event of a subscribed topic, once, however many servers delivered it. */
    void onEvent(Event event);

    /** A server refused a subscribe or publish. */
    default void onRefused(InetSocketAddress server, String reason) {
    }
}
