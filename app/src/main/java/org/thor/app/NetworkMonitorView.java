package org.thor.app;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.thor.overlay.event.Event;
import org.thor.overlay.event.Topics;
import org.thor.overlay.member.Member;
import org.thor.overlay.membership.ConnectivityReport;
import org.thor.overlay.membership.MembershipCodec;
import org.thor.overlay.membership.NetworkStatus;
import org.thor.overlay.membership.Presence;

/**
 * What {@code thor monitor} shows, built from the events it receives: the network status
 * (members, roles, active manager), what each event server sees, and the recent events. Rendering
 * is a plain string so that it can be tested; the command repaints the terminal with it.
 */
final class NetworkMonitorView {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final int RECENT = 12;

    private NetworkStatus status;
    private final Map<String, Presence> presence = new TreeMap<>();
    private final Map<String, ConnectivityReport> reports = new TreeMap<>();
    private final Map<String, Long> reportedAt = new TreeMap<>();
    private final Deque<String> recent = new ArrayDeque<>();
    private long version;

    /** Takes one event; returns whether the view changed. */
    synchronized boolean onEvent(Event event, long nowMillis) {
        try {
            switch (event.topic()) {
                case Topics.MEMBERS -> {
                    NetworkStatus s = MembershipCodec.status(event.payload());
                    if (status == null || s.version().isNewerThan(status.version())) {
                        if (status == null || !s.sameContentAs(status) || !s.activeManager().equals(status.activeManager())) {
                            note(nowMillis, "status " + s.version() + " from " + s.activeManager() + ": "
                                    + s.members().size() + " online" + changes(status, s));
                        }
                        status = s;
                    }
                }
                case Topics.PRESENCE -> {
                    Presence p = MembershipCodec.presence(event.payload());
                    Presence before = presence.put(p.id(), p);
                    if (before == null || before.incarnation() != p.incarnation()) {
                        note(nowMillis, "presence of " + p.id() + " (" + String.join(",", p.member().roles()) + ")");
                    }
                }
                case Topics.LEAVE -> note(nowMillis, "leave of " + MembershipCodec.leave(event.payload()).name());
                case Topics.CONNECTIVITY -> {
                    ConnectivityReport r = MembershipCodec.report(event.payload());
                    ConnectivityReport before = reports.put(r.eventServer(), r);
                    reportedAt.put(r.eventServer(), nowMillis);
                    if (before != null && !before.seen().equals(r.seen())) {
                        note(nowMillis, r.eventServer() + " sees " + r.seen().size() + diff(before.seen(), r.seen()));
                    }
                }
                case Topics.ADMIN -> {
                    var c = MembershipCodec.admin(event.payload());
                    note(nowMillis, event.id().publisher() + " orders " + c.action().name().toLowerCase() + " " + c.node());
                }
                default -> {
                    return false;
                }
            }
        } catch (IllegalArgumentException e) {
            note(nowMillis, "bad " + event.topic() + " from " + event.id().publisher() + ": " + e.getMessage());
        }
        version++;
        return true;
    }

    synchronized long version() {
        return version;
    }

    synchronized int eventServersReporting() {
        return reports.size();
    }

    synchronized boolean hasStatus() {
        return status != null;
    }

    private void note(long nowMillis, String line) {
        recent.addFirst(TIME.format(Instant.ofEpochMilli(System.currentTimeMillis())) + "  " + line);
        while (recent.size() > RECENT) {
            recent.removeLast();
        }
    }

    private static String changes(NetworkStatus before, NetworkStatus after) {
        if (before == null) {
            return "";
        }
        Set<String> was = ids(before);
        Set<String> is = ids(after);
        return diff(was, is);
    }

    private static String diff(Set<String> was, Set<String> is) {
        Set<String> joined = new TreeSet<>(is);
        joined.removeAll(was);
        Set<String> gone = new TreeSet<>(was);
        gone.removeAll(is);
        StringBuilder b = new StringBuilder();
        if (!joined.isEmpty()) {
            b.append(" +").append(String.join(" +", joined));
        }
        if (!gone.isEmpty()) {
            b.append(" -").append(String.join(" -", gone));
        }
        return b.length() == 0 ? "" : " (" + b.toString().strip() + ")";
    }

    private static Set<String> ids(NetworkStatus s) {
        Set<String> ids = new TreeSet<>();
        s.members().forEach(m -> ids.add(m.id()));
        return ids;
    }

    /** The screen, without terminal control codes. */
    synchronized String render(long nowMillis) {
        StringBuilder out = new StringBuilder();
        if (status == null) {
            out.append("Waiting for the network status...\n");
        } else {
            out.append(String.format("Network status %s   active manager: %s   online: %d%s%n", status.version(),
                    status.activeManager(), status.members().size(),
                    status.disabled().isEmpty() ? "" : "   disabled: " + String.join(",", new TreeSet<>(status.disabled()))));
            out.append('\n');
            out.append(String.format("  %-14s %-16s %-34s %-10s %s%n", "MEMBER", "ADDRESS", "ROLES", "REGION", "PORTS"));
            for (Member m : status.members()) {
                Presence p = presence.get(m.id());
                out.append(String.format("  %-14s %-16s %-34s %-10s %s%n", m.id(), m.address(),
                        String.join(",", new TreeSet<>(m.roles())), p == null ? "" : p.region(), new TreeMap<>(m.ports())));
            }
        }
        out.append('\n');
        out.append(String.format("  %-14s %-8s %s%n", "EVENT SERVER", "SEES", "LAST REPORT"));
        reports.forEach((server, r) -> out.append(String.format("  %-14s %-8d %d ms ago%n", server, r.seen().size(),
                nowMillis - reportedAt.get(server))));
        out.append('\n').append("Recent events:\n");
        recent.forEach(line -> out.append("  ").append(line).append('\n'));
        return out.toString();
    }
}
