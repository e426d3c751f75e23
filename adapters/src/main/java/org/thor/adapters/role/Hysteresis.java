package org.thor.adapters.role;

/**
 * The state of one role's health from its check results: it becomes healthy after {@code rise}
 * passes in a row and unhealthy after {@code fall} failures in a row, so one lost probe does not
 * take a node out of every ring and one lucky probe does not put a sick one back (the rise/fall
 * rule of HAProxy and keepalived). A role starts unhealthy: it is announced only once proven.
 * Not thread-safe; one monitor thread feeds it.
 */
public final class Hysteresis {

    private final int rise;
    private final int fall;
    private boolean healthy;
    private int streak;

    public Hysteresis(int rise, int fall) {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1, got " + rise + " and " + fall);
        }
        this.rise = rise;
        this.fall = fall;
    }

    /** Records one check result; returns whether the role is healthy now. */
    public boolean record(boolean passed) {
        if (passed == healthy) {
            streak = 0;
        } else if (++streak >= (healthy ? fall : rise)) {
            healthy = passed;
            streak = 0;
        }
        return healthy;
    }

    public boolean healthy() {
        return healthy;
    }
}
