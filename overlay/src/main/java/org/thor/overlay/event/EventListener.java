package org.thor.overlay.event;

import java.net.InetSocketAddress;

/** What an {@link EventClient} hands to the application. Called on a network thread: do not block. */
public interface EventListener {

    /** An event of a subscribed topic, once, however many servers delivered it. */
    void onEvent(Event event);

    /**
     * A connection to {@code server} is ready (handshake done, subscriptions sent): the first one,
     * or one made again after the server was lost.
     */
    default void onConnected(InetSocketAddress server) {
    }

    /** A server refused a subscribe or publish. */
    default void onRefused(InetSocketAddress server, String reason) {
    }
}
