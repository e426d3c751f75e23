package org.thor.overlay.membership;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An event server's account of which members it sees: connected, and heard from within the
 * silence timeout. A crashed member's connection closes and it is gone from the next report at
 * once; a hung one (SIGSTOP, a silent network cut) keeps its connection but falls silent and is
 * gone after the silence timeout. {@link #report} says when a new {@link ConnectivityReport} is
 * due: on every change, and every report interval regardless.
 *
 * <p>Not thread-safe: call it from the event server's one timer/event thread or under a lock.
 */
public final class LivenessTracker {

    private final String eventServer;
    private final MembershipSettings settings;
    private final Map<String, Integer> connections = new HashMap<>();
    private final Map<String, Long> lastHeard = new HashMap<>();
    private Set<String> lastReported;
    private long lastReportAt = Long.MIN_VALUE;
    private long lastCall = Long.MIN_VALUE;
    private long sequence;

    public LivenessTracker(String eventServer, MembershipSettings settings) {
        this.eventServer = eventServer;
        this.settings = settings;
    }

    /** A member's connection was accepted (its id comes from its certificate). */
    public void connected(String member, long nowMillis) {
        connections.merge(member, 1, Integer::sum);
        lastHeard.put(member, nowMillis);
    }

    /** Anything arrived from the member: presence, a publish, a heartbeat. */
    public void heard(String member, long nowMillis) {
        if (connections.containsKey(member)) {
            lastHeard.put(member, nowMillis);
        }
    }

    /** One of the member's connections closed. */
    public void disconnected(String member) {
        connections.computeIfPresent(member, (m, n) -> n > 1 ? n - 1 : null);
        if (!connections.containsKey(member)) {
            lastHeard.remove(member);
        }
    }

    /** The members seen now. */
    public Set<String> seen(long nowMillis) {
        Set<String> seen = new TreeSet<>();
        long silence = settings.silenceTimeout().toMillis();
        lastHeard.forEach((member, heard) -> {
            if (nowMillis - heard <= silence) {
                seen.add(member);
            }
        });
        return seen;
    }

    /** Why {@code member} is not seen, for the log. */
    public String whyUnseen(String member, long nowMillis) {
        Long heard = lastHeard.get(member);
        return heard == null ? "disconnected" : "silent for " + (nowMillis - heard) + " ms";
    }

    /**
     * A report when the seen set changed or the report interval passed; empty otherwise.
     *
     * <p>The event server calls this every few tens of milliseconds. A gap longer than the report
     * interval between two calls means this process itself was not running (a long GC pause, a
     * JVM starved of CPU, SIGSTOP): the members' presence of that time is still unread in the
     * sockets, so the gap is not counted as their silence. Every last-heard time moves forward by
     * the gap; a member that really fell silent meanwhile is caught that much later. (So the caller
     * must call far more often than the report interval, as the event server's 50 ms timer does:
     * called only every report interval or less often, no silence would ever count.)
     */
    public Optional<ConnectivityReport> report(long nowMillis) {
        if (lastCall != Long.MIN_VALUE && nowMillis - lastCall > settings.reportInterval().toMillis()) {
            long gap = nowMillis - lastCall;
            lastHeard.replaceAll((member, heard) -> Math.min(nowMillis, heard + gap));
        }
        lastCall = nowMillis;
        Set<String> seen = seen(nowMillis);
        boolean due = nowMillis - lastReportAt >= settings.reportInterval().toMillis();
        if (!due && seen.equals(lastReported)) {
            return Optional.empty();
        }
        lastReported = seen;
        lastReportAt = nowMillis;
        return Optional.of(new ConnectivityReport(eventServer, ++sequence, seen));
    }
}
