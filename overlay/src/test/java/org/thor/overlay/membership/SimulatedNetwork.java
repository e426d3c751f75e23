package org.thor.overlay.membership;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.thor.overlay.member.Member;
import org.thor.overlay.ring.RingDirectory;
import org.thor.overlay.ring.RoleRings;

/**
 * A whole Thor network in one JVM on a simulated clock: event servers (their {@link
 * LivenessTracker}), managers ({@link ThorManager}) and nodes ({@link StatusFollower}), wired as
 * the real processes are (every member connected to every event server; presence, reports and
 * statuses fanned out through the servers). Tests crash, pause and cut members and servers, and
 * move time in steps of {@link #TICK_MILLIS}.
 */
final class SimulatedNetwork {

    static final int TICK_MILLIS = 10;

    final MembershipSettings settings;
    final Map<String, Server> servers = new LinkedHashMap<>();
    final Map<String, Node> nodes = new LinkedHashMap<>();
    final List<NetworkStatus> published = new ArrayList<>();
    private final Set<String> cuts = new HashSet<>();
    long now = 1_000_000;

    SimulatedNetwork(MembershipSettings settings) {
        this.settings = settings;
    }

    final class Server {
        final String id;
        final LivenessTracker tracker;
        boolean alive = true;

        Server(String id) {
            this.id = id;
            this.tracker = new LivenessTracker(id, settings);
        }
    }

    final class Node {
        final Member member;
        final long incarnation;
        final StatusFollower follower;
        final RingDirectory rings = new RingDirectory(RoleRings.empty(100));
        final ThorManager manager;
        boolean alive = true;
        boolean paused;
        long sequence;
        long nextPresence;

        Node(Member member, long incarnation) {
            this.member = member;
            this.incarnation = incarnation;
            this.follower = new StatusFollower(rings, 100);
            this.manager = member.serves(settings.managerRole())
                    ? new ThorManager(member.id(), settings, this::publishStatus) : null;
        }

        String id() {
            return member.id();
        }

        private void publishStatus(NetworkStatus status) {
            published.add(status);
            for (Server s : servers.values()) {
                if (canTalk(this, s)) {
                    fanOutStatus(s, status);
                }
            }
        }

        Set<String> onlineIds() {
            NetworkStatus status = follower.current();
            Set<String> ids = new HashSet<>();
            if (status != null) {
                status.members().forEach(m -> ids.add(m.id()));
            }
            return ids;
        }
    }

    Server addServer(String id) {
        Server s = new Server(id);
        servers.put(id, s);
        return s;
    }

    Node addNode(String id, String... roles) {
        return addNode(id, now, roles);
    }

    /** A member whose run started at {@code incarnation} (a manager with an older one wins the election). */
    Node addNode(String id, long incarnation, String... roles) {
        Member m = new Member(id, "10.0.0." + (nodes.size() + 1), Set.of(roles));
        Node n = new Node(m, incarnation);
        nodes.put(id, n);
        for (Server s : servers.values()) {
            if (s.alive) {
                s.tracker.connected(id, now);
            }
        }
        return n;
    }

    /** kill -9: the process is gone and its connections close. */
    void crash(String id) {
        Node n = nodes.get(id);
        n.alive = false;
        servers.values().forEach(s -> s.tracker.disconnected(id));
    }

    /** Clean shutdown: a leave message, then the connections close. */
    void leave(String id) {
        Node n = nodes.get(id);
        for (Server s : servers.values()) {
            if (canTalk(n, s)) {
                managersBehind(s).forEach(m -> m.manager.onLeave(id, n.incarnation, now));
            }
        }
        crash(id);
    }

    /** SIGSTOP / SIGCONT: connections stay open, nothing is sent or handled. */
    void pause(String id, boolean paused) {
        nodes.get(id).paused = paused;
    }

    void killServer(String id) {
        Server s = servers.get(id);
        s.alive = false;
    }

    /** Silently drops all traffic between a member and an event server (a one-link network cut). */
    void cut(String member, String server, boolean cut) {
        if (cut) {
            cuts.add(member + "|" + server);
        } else {
            cuts.remove(member + "|" + server);
        }
    }

    void admin(AdminCommand command) {
        for (Server s : servers.values()) {
            if (s.alive) {
                managersBehind(s).forEach(m -> m.manager.onAdmin(command, now));
            }
        }
    }

    boolean canTalk(Node n, Server s) {
        return n.alive && !n.paused && s.alive && !cuts.contains(n.id() + "|" + s.id);
    }

    private List<Node> managersBehind(Server s) {
        List<Node> list = new ArrayList<>();
        for (Node n : nodes.values()) {
            if (n.manager != null && canTalk(n, s)) {
                list.add(n);
            }
        }
        return list;
    }

    private void fanOutStatus(Server s, NetworkStatus status) {
        for (Node n : nodes.values()) {
            if (canTalk(n, s)) {
                n.follower.onStatus(status);
                if (n.manager != null) {
                    n.manager.onStatus(status, now);
                }
            }
        }
    }

    /** Advances the clock by {@code millis}, delivering everything due on the way. */
    void run(long millis) {
        long end = now + millis;
        while (now < end) {
            now += TICK_MILLIS;
            step();
        }
    }

    /** Runs until {@code condition} holds; returns the simulated milliseconds it took, or -1 after {@code limit}. */
    long runUntil(java.util.function.BooleanSupplier condition, long limit) {
        long start = now;
        while (now - start <= limit) {
            if (condition.getAsBoolean()) {
                return now - start;
            }
            now += TICK_MILLIS;
            step();
        }
        return -1;
    }

    private void step() {
        for (Node n : nodes.values()) {
            if (n.alive && !n.paused && now >= n.nextPresence) {
                n.nextPresence = now + settings.presenceInterval().toMillis();
                NetworkStatus held = n.follower.current();
                Presence p = new Presence(n.member, "test", "", Map.of(), n.incarnation, ++n.sequence,
                        held == null ? 0 : held.version().term());
                for (Server s : servers.values()) {
                    if (canTalk(n, s)) {
                        s.tracker.heard(n.id(), now);
                        managersBehind(s).forEach(m -> m.manager.onPresence(p, now));
                    }
                }
            }
        }
        for (Server s : servers.values()) {
            if (!s.alive) {
                continue;
            }
            Optional<ConnectivityReport> report = s.tracker.report(now);
            report.ifPresent(r -> managersBehind(s).forEach(m -> m.manager.onReport(r, now)));
        }
        for (Node n : nodes.values()) {
            if (n.manager != null && n.alive && !n.paused) {
                n.manager.tick(now);
            }
        }
    }

    /** Live, unpaused members. */
    List<Node> healthy() {
        return nodes.values().stream().filter(n -> n.alive && !n.paused).toList();
    }

    Optional<Node> activeManager() {
        return healthy().stream().filter(n -> n.manager != null && n.manager.isActive()).findFirst();
    }
}
