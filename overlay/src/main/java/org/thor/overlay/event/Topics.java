package org.thor.overlay.event;

import org.thor.overlay.membership.MembershipCodec;
import org.thor.overlay.membership.Presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.TreeSet;
import org.thor.overlay.tls.CertificateProfile;
import org.thor.overlay.tls.MemberIdentity;

/**
 * The topics of the overlay and who may use them, decided from the certificate of the connection
 * alone (see docs/pki-and-events.md for the table).
 *
 * <table>
 *   <caption>Topics</caption>
 *   <tr><th>topic</th><th>publish</th><th>subscribe</th></tr>
 *   <tr><td>Thor.Presence</td><td>any member, for itself, announcing only roles in its certificate</td><td>any member</td></tr>
 *   <tr><td>Thor.Leave</td><td>any member, for itself</td><td>any member</td></tr>
 *   <tr><td>Thor.Members</td><td>thor_manager</td><td>any member</td></tr>
 *   <tr><td>Thor.Statistics</td><td>any member</td><td>any member</td></tr>
 *   <tr><td>Thor.Database</td><td>thor_database</td><td>any member</td></tr>
 *   <tr><td>Thor.Connectivity</td><td>the event servers themselves (never a client)</td><td>any member</td></tr>
 *   <tr><td>Thor.Admin</td><td>thor_admin</td><td>any member</td></tr>
 * </table>
 * For every topic the event id's publisher must be the publishing member's own name, so that no
 * one can make clients drop another member's events as duplicates. Unknown topics are refused.
 */
public final class Topics {

    public static final String PRESENCE = "Thor.Presence";
    public static final String LEAVE = "Thor.Leave";
    public static final String MEMBERS = "Thor.Members";
    public static final String STATISTICS = "Thor.Statistics";
    public static final String DATABASE = "Thor.Database";
    /** What each event server sees; published by the event servers themselves, never by a client. */
    public static final String CONNECTIVITY = "Thor.Connectivity";
    /** Operators' orders to the managers (disable / enable a node). */
    public static final String ADMIN = "Thor.Admin";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.Set<String> ALL = java.util.Set.of(PRESENCE, LEAVE, MEMBERS, STATISTICS, DATABASE,
            CONNECTIVITY, ADMIN);

    private Topics() {
    }

    public static boolean known(String topic) {
        return ALL.contains(topic);
    }

    /** Null when {@code member} may subscribe to {@code topic}, else why not. */
    public static String maySubscribe(MemberIdentity member, String topic) {
        return known(topic) ? null : "unknown topic '" + topic + "'";
    }

    /** Null when {@code member} may publish {@code event}, else why not. */
    public static String mayPublish(MemberIdentity member, Event event) {
        String topic = event.topic();
        if (!known(topic)) {
            return "unknown topic '" + topic + "'";
        }
        if (!event.id().publisher().equals(member.name())) {
            return "event id names publisher '" + event.id().publisher() + "' but the certificate is " + member.name();
        }
        switch (topic) {
            case PRESENCE:
                return checkPresence(member, event);
            case LEAVE:
                return checkSelf(member, event);
            case MEMBERS:
                return member.hasRole(CertificateProfile.MANAGER_ROLE) ? null
                        : member.name() + " may not publish " + MEMBERS + ": its certificate lacks the role " + CertificateProfile.MANAGER_ROLE;
            case DATABASE:
                return member.hasRole(CertificateProfile.DATABASE_ROLE) ? null
                        : member.name() + " may not publish " + DATABASE + ": its certificate lacks the role " + CertificateProfile.DATABASE_ROLE;
            case CONNECTIVITY:
                return "only event servers publish " + CONNECTIVITY;
            case ADMIN:
                return member.hasRole(CertificateProfile.ADMIN_ROLE) ? null
                        : member.name() + " may not publish " + ADMIN + ": its certificate lacks the role " + CertificateProfile.ADMIN_ROLE;
            default:
                return null;
        }
    }

    private static String checkPresence(MemberIdentity member, Event event) {
        Presence presence;
        try {
            presence = MembershipCodec.presence(event.payload());
        } catch (IllegalArgumentException e) {
            return "bad " + PRESENCE + " payload: " + e.getMessage();
        }
        if (!presence.id().equals(member.name())) {
            return member.name() + " may not announce presence for " + presence.id();
        }
        TreeSet<String> extra = new TreeSet<>(presence.member().roles());
        extra.removeAll(member.roles());
        if (!extra.isEmpty()) {
            return member.name() + " may not announce roles " + extra + ": its certificate allows " + new TreeSet<>(member.roles());
        }
        return null;
    }

    private static String checkSelf(MemberIdentity member, Event event) {
        try {
            JsonNode node = JSON.readTree(event.payload());
            String name = node == null || node.get("name") == null ? null : node.get("name").asText();
            if (name == null) {
                return "bad " + event.topic() + " payload: \"name\" is missing";
            }
            return name.equals(member.name()) ? null : member.name() + " may not publish " + event.topic() + " for " + name;
        } catch (IOException e) {
            return "bad " + event.topic() + " payload: not JSON";
        }
    }
}
