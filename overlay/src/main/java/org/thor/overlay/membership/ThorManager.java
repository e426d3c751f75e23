package org.thor.overlay.membership;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.thor.overlay.member.Member;

/**
 * The decision logic of a thor-manager: election of the active manager and publication of the
 * network status. Plain logic behind two seams, the messages it is given and the clock value it
 * is told, so a test can run a whole network in one JVM and move time; the process around it
 * feeds it events and calls {@link #tick} periodically.
 *
 * <p><b>Election.</b> Managers are members that announce the manager role. Every manager computes,
 * from its {@link MembershipView}, the online managers; the active one is the online manager
 * with the oldest incarnation (the one running longest), ties broken by id. Because the inputs
 * (presence and the event servers' connectivity reports) reach every manager alike, they agree;
 * a restarted manager does not take the role back from one that kept running. A manager that does
 * not hear a majority of the event servers is never active, so under a partition only the
 * majority side publishes. Nor is a manager active before it has listened for one report timeout
 * (1.5 s by default), long enough to have heard every member's presence. When a manager becomes
 * active it takes a term one above any it has seen; statuses are ordered by (term, sequence), so members ignore a deposed manager.
 * An active manager steps down when it learns of a newer term from a member's presence (which
 * carries the term the member holds), or hears another manager's status of a term not older than
 * its own (two managers that became active at once, each before hearing the other, took the same
 * term); if it is still the elected one, its next tick takes a term above, so members never stay on
 * a status nobody updates.
 *
 * <p>Not thread-safe: drive it from one thread.
 */
public final class ThorManager {

    private final String selfId;
    private final MembershipSettings settings;
    private final MembershipView view;
    private final Consumer<NetworkStatus> publisher;
    private long highestTermSeen;
    private volatile boolean active;
    private StatusVersion version = StatusVersion.NONE;
    private NetworkStatus lastPublished;
    private long lastPublishedAt = Long.MIN_VALUE;
    private long listeningSince = Long.MIN_VALUE;

    public ThorManager(String selfId, MembershipSettings settings, Consumer<NetworkStatus> publisher) {
        this.selfId = selfId;
        this.settings = settings;
        this.view = new MembershipView(settings);
        this.publisher = publisher;
    }

    public void onPresence(Presence presence, long nowMillis) {
        highestTermSeen = Math.max(highestTermSeen, presence.statusTerm());
        if (active && presence.statusTerm() > version.term()) {
            // The member holds a status of a newer term than ours (one whose status never reached
            // this manager), so it ignores everything we publish: take a term above it.
            active = false;
        }
        if (view.onPresence(presence, nowMillis)) {
            tick(nowMillis);
        }
    }

    public void onLeave(String id, long incarnation, long nowMillis) {
        if (view.onLeave(id, incarnation)) {
            tick(nowMillis);
        }
    }

    public void onReport(ConnectivityReport report, long nowMillis) {
        view.onReport(report, nowMillis);
        tick(nowMillis);
    }

    public void onAdmin(AdminCommand command, long nowMillis) {
        boolean changed = command.action() == AdminCommand.Action.DISABLE
                ? view.disable(command.node()) : view.enable(command.node());
        if (changed) {
            tick(nowMillis);
        }
    }

    /**
     * A status published by any manager (this one included): learns the highest term, and while
     * not active, adopts the active manager's disabled set so that it is not lost on failover.
     */
    public void onStatus(NetworkStatus status, long nowMillis) {
        highestTermSeen = Math.max(highestTermSeen, status.version().term());
        if (!active && !status.activeManager().equals(selfId)) {
            view.setDisabled(status.disabled());
        }
        if (active && !status.activeManager().equals(selfId) && status.version().term() >= version.term()) {
            // Another manager published in a term not older than ours: it took a newer term and is
            // the active one now, or both of us became active at once (each before hearing the other)
            // in the same term, where members would take whichever status has the higher sequence.
            // Step down; if this manager is still the elected one, its next tick takes a term above.
            active = false;
        }
    }

    /** Re-evaluates: elects, and publishes when active and the status changed or is due again. */
    public void tick(long nowMillis) {
        if (listeningSince == Long.MIN_VALUE) {
            listeningSince = nowMillis;
        }
        if (!view.hasQuorum(nowMillis) || nowMillis - listeningSince < settings.reportTimeout().toMillis()) {
            // A manager that has just started has not heard every member's presence yet; were it to
            // take over now, its first status would drop members it has simply not heard from.
            active = false;
            return;
        }
        List<Member> online = view.online(nowMillis);
        Optional<String> elected = electedAmong(online);
        if (elected.isEmpty() || !elected.get().equals(selfId)) {
            active = false;
            return;
        }
        if (!active) {
            active = true;
            version = new StatusVersion(Math.max(highestTermSeen, version.term()) + 1, 0);
            highestTermSeen = version.term();
            lastPublished = null;
        }
        NetworkStatus candidate = new NetworkStatus(version, selfId, online, view.disabled());
        boolean changed = !candidate.sameContentAs(lastPublished);
        boolean due = nowMillis - lastPublishedAt >= settings.statusInterval().toMillis();
        if (changed) {
            version = new StatusVersion(version.term(), version.sequence() + 1);
            candidate = new NetworkStatus(version, selfId, online, view.disabled());
        }
        if (changed || due) {
            lastPublished = candidate;
            lastPublishedAt = nowMillis;
            publisher.accept(candidate);
        }
        view.forgetStale(nowMillis, 60_000);
    }

    private Optional<String> electedAmong(List<Member> online) {
        return online.stream()
                .filter(m -> m.serves(settings.managerRole()))
                .map(m -> view.presenceOf(m.id()))
                .min(Comparator.comparingLong(Presence::incarnation).thenComparing(Presence::id))
                .map(Presence::id);
    }

    public boolean isActive() {
        return active;
    }

    public StatusVersion version() {
        return version;
    }

    public MembershipView view() {
        return view;
    }
}
