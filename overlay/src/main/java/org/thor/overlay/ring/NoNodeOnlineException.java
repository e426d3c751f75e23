package org.thor.overlay.ring;

/** A lookup was asked of a role that has no home node: no node is online for it, or it has no ring. */
public final class NoNodeOnlineException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String role;

    public NoNodeOnlineException(String role) {
        this(role, "no node is online for role " + role);
    }

    /** No home for any key of {@code role}, for the reason {@code message} says. */
    public NoNodeOnlineException(String role, String message) {
        super(message);
        this.role = role;
    }

    public String role() {
        return role;
    }
}
