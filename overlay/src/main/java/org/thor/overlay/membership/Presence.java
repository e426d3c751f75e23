package org.thor.overlay.membership;

import java.util.Map;
import java.util.Objects;
import org.thor.overlay.member.Member;

/**
 * What a member says about itself, periodically, on the {@code Thor.Presence} topic.
 *
 * @param member      id, address, roles it announces now, named ports
 * @param version     the member's software version, for operators
 * @param region      where the member runs (data center), e.g. {@code eu-west}; may be empty
 * @param attributes  free-form key/value pairs for operators and adapters
 * @param incarnation when this run of the member started (milliseconds since the epoch): a
 *                    restarted member has a newer incarnation, and the oldest manager
 *                    incarnation wins the election
 * @param sequence    increases with every presence the member sends in one incarnation
 * @param statusTerm  the term of the network status the member holds (0: none yet), so that a
 *                    manager taking over learns the current term from the members themselves
 */
public record Presence(Member member, String version, String region, Map<String, String> attributes,
        long incarnation, long sequence, long statusTerm) {

    public Presence(Member member, String version, String region, Map<String, String> attributes,
            long incarnation, long sequence) {
        this(member, version, region, attributes, incarnation, sequence, 0);
    }

    public Presence {
        Objects.requireNonNull(member, "member");
        version = version == null ? "" : version;
        region = region == null ? "" : region;
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
    }

    public String id() {
        return member.id();
    }

    /** Whether this presence replaces {@code older}: a later incarnation, or a later sequence in the same one. */
    public boolean supersedes(Presence older) {
        return older == null || incarnation > older.incarnation
                || (incarnation == older.incarnation && sequence > older.sequence);
    }
}
