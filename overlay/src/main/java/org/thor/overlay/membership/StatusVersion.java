package org.thor.overlay.membership;

/**
 * Orders network statuses. {@code term} grows by one each time a manager becomes active (it takes
 * one more than the largest term it has seen); {@code sequence} grows with each change the active
 * manager publishes in its term. A member applies a status only when its version is greater than
 * the one it holds, so a deposed or partitioned manager's statuses are ignored.
 */
public record StatusVersion(long term, long sequence) implements Comparable<StatusVersion> {

    public static final StatusVersion NONE = new StatusVersion(0, 0);

    @Override
    public int compareTo(StatusVersion o) {
        int byTerm = Long.compare(term, o.term);
        return byTerm != 0 ? byTerm : Long.compare(sequence, o.sequence);
    }

    public boolean isNewerThan(StatusVersion o) {
        return compareTo(o) > 0;
    }

    @Override
    public String toString() {
        return term + "." + sequence;
    }
}
