package org.thor.overlay.membership;

import java.util.Objects;

/**
 * An operator's order on the {@code Thor.Admin} topic ({@code thor admin disable NODE} /
 * {@code enable NODE}): a disabled node stays out of the network status, whatever its health,
 * until it is enabled again. Every manager applies it, and the active manager carries the
 * disabled set in the status it publishes.
 */
public record AdminCommand(Action action, String node) {

    public enum Action { DISABLE, ENABLE }

    public AdminCommand {
        Objects.requireNonNull(action, "action");
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("admin command needs a node id");
        }
    }
}
