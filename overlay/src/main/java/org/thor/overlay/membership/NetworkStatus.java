package org.thor.overlay.membership;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.thor.overlay.member.Member;

/**
 * The network status the active manager publishes on {@code Thor.Members}: who is online, with
 * which roles. Every member builds its rings from the newest status it has received.
 *
 * @param version       orders statuses across managers and failovers
 * @param activeManager id of the manager that published it
 * @param members       the online members, sorted by id
 * @param disabled      ids an operator took out with {@code thor admin disable}; kept in the
 *                      status so that a new active manager inherits them
 */
public record NetworkStatus(StatusVersion version, String activeManager, List<Member> members, Set<String> disabled) {

    public NetworkStatus {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(activeManager, "activeManager");
        members = members.stream().sorted(Comparator.comparing(Member::id)).toList();
        disabled = Set.copyOf(disabled);
    }

    /** Same members and disabled set, whatever the version and publisher. */
    public boolean sameContentAs(NetworkStatus other) {
        return other != null && members.equals(other.members) && disabled.equals(other.disabled);
    }
}
