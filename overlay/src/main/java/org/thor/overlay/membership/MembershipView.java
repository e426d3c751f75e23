package org.thor.overlay.membership;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.thor.overlay.member.Member;

/**
 * A manager's picture of the network, and the arbitration rule that turns it into the list of
 * online members.
 *
 * <p><b>Rule.</b> A member is online when (1) its presence is known and it has not left, (2) no
 * operator disabled it, and (3) a majority of the network's event servers currently see it: more
 * than half of the configured number, counting only servers whose connectivity report is fresh.
 * Partial connectivity is settled by that majority: if A sees B and B sees C but A does not see
 * C, what counts is how many event servers see each of them, the same for every manager. Under a
 * partition at most one side holds a majority of the event servers, so at most one side can
 * declare anyone online (and a manager that does not hear a majority decides nothing, see
 * {@link #hasQuorum}).
 *
 * <p>Not thread-safe: one manager drives it from one thread.
 */
public final class MembershipView {

    private final MembershipSettings settings;
    private final Map<String, Presence> presence = new HashMap<>();
    private final Map<String, Long> presenceArrival = new HashMap<>();
    private final Map<String, ConnectivityReport> reports = new HashMap<>();
    private final Map<String, Long> reportArrival = new HashMap<>();
    private final Set<String> disabled = new TreeSet<>();

    public MembershipView(MembershipSettings settings) {
        this.settings = settings;
    }

    /** Records a presence; returns false for one older than what is known. */
    public boolean onPresence(Presence p, long nowMillis) {
        if (!p.supersedes(presence.get(p.id()))) {
            return false;
        }
        presence.put(p.id(), p);
        presenceArrival.put(p.id(), nowMillis);
        return true;
    }

    /** A member's clean leave; ignored when it comes from an older incarnation than the one known. */
    public boolean onLeave(String id, long incarnation) {
        Presence known = presence.get(id);
        if (known == null || known.incarnation() > incarnation) {
            return false;
        }
        presence.remove(id);
        presenceArrival.remove(id);
        return true;
    }

    public void onReport(ConnectivityReport report, long nowMillis) {
        ConnectivityReport known = reports.get(report.eventServer());
        if (known != null && known.sequence() > report.sequence() && isFresh(report.eventServer(), nowMillis)) {
            return; // a late duplicate of an older report
        }
        reports.put(report.eventServer(), report);
        reportArrival.put(report.eventServer(), nowMillis);
    }

    public void setDisabled(Collection<String> ids) {
        disabled.clear();
        disabled.addAll(ids);
    }

    public boolean disable(String id) {
        return disabled.add(id);
    }

    public boolean enable(String id) {
        return disabled.remove(id);
    }

    public Set<String> disabled() {
        return Set.copyOf(disabled);
    }

    /** Event servers whose last report arrived within the report timeout. */
    public Set<String> freshServers(long nowMillis) {
        Set<String> fresh = new HashSet<>();
        for (String server : reports.keySet()) {
            if (isFresh(server, nowMillis)) {
                fresh.add(server);
            }
        }
        return fresh;
    }

    /** Whether this manager hears a majority of the event servers, without which it decides nothing. */
    public boolean hasQuorum(long nowMillis) {
        return freshServers(nowMillis).size() >= settings.quorum();
    }

    /** How many fresh reports see {@code id}. */
    public int seenBy(String id, long nowMillis) {
        int count = 0;
        for (ConnectivityReport r : reports.values()) {
            if (r.seen().contains(id) && isFresh(r.eventServer(), nowMillis)) {
                count++;
            }
        }
        return count;
    }

    /** The online members by the rule above, as their presence describes them. */
    public List<Member> online(long nowMillis) {
        List<Member> online = new ArrayList<>();
        for (Presence p : presence.values()) {
            if (!disabled.contains(p.id()) && seenBy(p.id(), nowMillis) >= settings.quorum()) {
                online.add(p.member());
            }
        }
        return online;
    }

    /**
     * Why {@code id} is not online now, for the log: left or unknown, disabled, or which fresh
     * event servers see it out of how many are needed.
     */
    public String whyOffline(String id, long nowMillis) {
        if (!presence.containsKey(id)) {
            return "left (or no presence known)";
        }
        if (disabled.contains(id)) {
            return "disabled by an operator";
        }
        List<String> seers = new ArrayList<>();
        for (ConnectivityReport r : reports.values()) {
            if (r.seen().contains(id) && isFresh(r.eventServer(), nowMillis)) {
                seers.add(r.eventServer());
            }
        }
        return "seen by " + seers.size() + " event servers " + new TreeSet<>(seers) + ", " + settings.quorum()
                + " needed (fresh reports from " + new TreeSet<>(freshServers(nowMillis)) + ")";
    }

    public Presence presenceOf(String id) {
        return presence.get(id);
    }

    /**
     * Forgets members gone for good: no presence for {@code age} and seen by no event server. Keeps
     * the view's memory bounded by the members of the recent past.
     */
    public void forgetStale(long nowMillis, long ageMillis) {
        presence.keySet().removeIf(id -> nowMillis - presenceArrival.get(id) > ageMillis && seenBy(id, nowMillis) == 0);
        presenceArrival.keySet().retainAll(presence.keySet());
    }

    private boolean isFresh(String server, long nowMillis) {
        Long arrived = reportArrival.get(server);
        return arrived != null && nowMillis - arrived <= settings.reportTimeout().toMillis();
    }
}
