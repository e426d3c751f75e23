package org.thor.overlay.ring;

/** A lookup was asked of a role for which no node is online: the ring is empty. */
public final class NoNodeOnlineException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String role;

    public NoNodeOnlineException(String role) {
        super("no node is online for role " + role);
        this.role = role;
    }

    public String role() {
        return role;
    }
}
