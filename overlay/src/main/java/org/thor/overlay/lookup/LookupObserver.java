package org.thor.overlay.lookup;

/**
 * Told of every lookup a lookup service answers, so that metrics can count them without the
 * lookup package knowing about metrics. Called on a network thread: must not block.
 */
@FunctionalInterface
public interface LookupObserver {

    /** The home node was found. */
    String OK = "ok";
    /** No node is online for the role. */
    String NO_NODE = "no_node";
    /** The key could not be normalised. */
    String BAD_KEY = "bad_key";

    LookupObserver NONE = (role, result) -> { };

    /** One lookup of {@code role} ended with {@code result} ({@link #OK}, {@link #NO_NODE} or {@link #BAD_KEY}). */
    void lookedUp(String role, String result);

    /** A request line had to wait because its client was over its rate. */
    default void throttled() {
    }
}
