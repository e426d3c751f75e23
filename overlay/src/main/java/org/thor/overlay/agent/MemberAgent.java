package org.thor.overlay.agent;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thor.overlay.event.Event;
import org.thor.overlay.event.EventClient;
import org.thor.overlay.event.EventClientConfig;
import org.thor.overlay.event.EventListener;
import org.thor.overlay.event.Topics;
import org.thor.overlay.member.Member;
import org.thor.overlay.membership.MembershipCodec;
import org.thor.overlay.membership.MembershipSettings;
import org.thor.overlay.membership.NetworkStatus;
import org.thor.overlay.membership.Presence;
import org.thor.overlay.membership.StatusFollower;
import org.thor.overlay.ring.RingDirectory;
import org.thor.overlay.ring.RoleRings;
import org.thor.overlay.tls.ReloadingTls;

/**
 * What makes a process a member of the network: connected to every event server, it publishes its
 * presence every presence interval (which is also the heartbeat the event servers listen for),
 * follows the network status into its rings, and says goodbye on {@link #close}.
 *
 * <p>Zero configuration: the member's id is its certificate name; the roles it may announce, and
 * the network domain, come from the certificate too (the event servers refuse more).
 */
public final class MemberAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MemberAgent.class);

    private volatile Member member;
    private final Set<String> certifiedRoles;
    private final MemberAgentConfig config;
    private final EventClient client;
    private final StatusFollower follower;
    private final RingDirectory rings;
    private final ScheduledExecutorService timer;
    private final ExecutorService applier;
    private final AtomicReference<NetworkStatus> pendingStatus = new AtomicReference<>();
    private final long incarnation = System.currentTimeMillis();
    private final AtomicLong sequence = new AtomicLong();
    private final EventListener extra;
    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private MemberAgent(Member member, MemberAgentConfig config, ReloadingTls tls, EventListener extra, List<String> extraTopics) {
        this.member = member;
        this.certifiedRoles = Set.copyOf(tls.current().identity().roles());
        this.config = config;
        this.extra = extra;
        this.rings = new RingDirectory(RoleRings.empty(config.multiply()));
        this.follower = new StatusFollower(rings, config.multiply());
        this.applier = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "thor-status-" + member.id());
            t.setDaemon(true);
            return t;
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "thor-presence-" + member.id());
            t.setDaemon(true);
            return t;
        });
        this.client = EventClient.start(EventClientConfig.of(config.eventServers()), tls, new Listener());
        client.subscribe(Topics.MEMBERS);
        extraTopics.forEach(client::subscribe);
        long every = config.settings().presenceInterval().toMillis();
        timer.scheduleAtFixedRate(this::sendPresence, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Joins the network as {@code member} (whose id must be the certificate's name). */
    public static MemberAgent start(Member member, MemberAgentConfig config, ReloadingTls tls) {
        return start(member, config, tls, null, List.of());
    }

    /** As {@link #start(Member, MemberAgentConfig, ReloadingTls)}, also handing {@code extraTopics} to {@code extra}. */
    public static MemberAgent start(Member member, MemberAgentConfig config, ReloadingTls tls, EventListener extra,
            List<String> extraTopics) {
        String certified = tls.current().identity().name();
        if (!member.id().equals(certified)) {
            throw new IllegalArgumentException("member id " + member.id() + " must be the certificate name " + certified);
        }
        return new MemberAgent(member, config, tls, extra, extraTopics);
    }

    /**
     * Changes the roles this member announces, from the next presence on (sent at once): a role
     * adapter withdraws a role whose daemon is unhealthy and announces it again when it recovers.
     * The managers take the new roles into the next network status.
     *
     * @throws IllegalArgumentException when a role is not in the certificate (the event servers
     *                                  would refuse the presence)
     */
    public void announce(Set<String> roles) {
        announce(roles, Set.of());
    }

    /**
     * As {@link #announce(Set)}, with the announced roles that take no part in their ring (a role
     * definition's {@code ring: false}); those outside {@code roles} are ignored.
     */
    public void announce(Set<String> roles, Set<String> outsideRing) {
        TreeSet<String> extra = new TreeSet<>(roles);
        extra.removeAll(certifiedRoles);
        if (!extra.isEmpty()) {
            throw new IllegalArgumentException("member " + member.id() + " may not announce roles " + extra
                    + ": its certificate allows " + new TreeSet<>(certifiedRoles));
        }
        synchronized (this) {
            Member now = member;
            Set<String> ringless = new TreeSet<>(outsideRing);
            ringless.retainAll(roles);
            if (now.roles().equals(roles) && now.outsideRing().equals(ringless)) {
                return;
            }
            member = new Member(now.id(), now.address(), roles, now.ports(), ringless);
        }
        LOG.info("{} announces roles {}", member.id(), new TreeSet<>(roles));
        presenceNow();
    }

    /** A presence at once, besides the periodic ones (none once closing). */
    private void presenceNow() {
        try {
            timer.execute(this::sendPresence);
        } catch (RejectedExecutionException closing) {
            LOG.debug("{} is closing: no extra presence", member.id());
        }
    }

    private void sendPresence() {
        if (closed || client == null) { // null: a server connected before the constructor finished
            return;
        }
        try {
            NetworkStatus held = follower.current();
            Presence p = new Presence(member, config.version(), config.region(), config.attributes(), incarnation,
                    sequence.incrementAndGet(), held == null ? 0 : held.version().term());
            client.publish(Topics.PRESENCE, MembershipCodec.presence(p));
        } catch (RuntimeException e) {
            LOG.warn("cannot publish presence: {}", e.toString());
        }
    }

    /**
     * Hands a status to the applier thread. Building rings takes time (more on a starved host);
     * were it done on the event client's network thread, this member's presence, written on that
     * same thread, would wait behind it, and the event servers would take a busy member for a
     * silent one. Statuses that arrive while one is being applied are coalesced: only the newest
     * is applied next.
     */
    private void offerStatus(NetworkStatus status) {
        NetworkStatus before = pendingStatus.getAndAccumulate(status,
                (held, offered) -> held == null || offered.version().isNewerThan(held.version()) ? offered : held);
        if (before == null) {
            try {
                applier.execute(this::applyPendingStatus);
            } catch (RejectedExecutionException closing) {
                LOG.debug("{} is closing: status {} not applied", member.id(), status.version());
            }
        }
    }

    private void applyPendingStatus() {
        NetworkStatus status = pendingStatus.getAndSet(null);
        if (status == null) {
            return;
        }
        try {
            if (follower.onStatus(status)) {
                LOG.debug("network status {} from {}: {} members", status.version(), status.activeManager(),
                        status.members().size());
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot apply network status {}: {}", status.version(), e.toString());
        }
    }

    private final class Listener implements EventListener {
        @Override
        public void onEvent(Event event) {
            if (Topics.MEMBERS.equals(event.topic())) {
                try {
                    offerStatus(MembershipCodec.status(event.payload()));
                } catch (IllegalArgumentException e) {
                    LOG.warn("ignoring a bad network status from {}: {}", event.id().publisher(), e.getMessage());
                }
            }
            if (extra != null) {
                extra.onEvent(event);
            }
            for (EventListener listener : listeners) {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    LOG.warn("event listener failed on {}: {}", event, e.toString());
                }
            }
        }

        @Override
        public void onConnected(InetSocketAddress server) {
            // presence at once, not at the next tick: a joining member, or one whose event server came
            // back, is known to the managers a presence interval sooner
            presenceNow();
            if (extra != null) {
                extra.onConnected(server);
            }
        }

        @Override
        public void onRefused(InetSocketAddress server, String reason) {
            LOG.warn("event server {} refused: {}", server, reason);
            if (extra != null) {
                extra.onRefused(server, reason);
            }
        }
    }

    /** This member as it announces itself now. */
    public Member member() {
        return member;
    }

    public long incarnation() {
        return incarnation;
    }

    /** The rings this member answers lookups from. */
    public RingDirectory rings() {
        return rings;
    }

    public StatusFollower follower() {
        return follower;
    }

    public EventClient client() {
        return client;
    }

    /**
     * Also hands every event of the subscribed topics to {@code listener} (on a network thread: do
     * not block). Subscribe further topics with {@code client().subscribe(topic)}.
     */
    public void addEventListener(EventListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeEventListener(EventListener listener) {
        listeners.remove(listener);
    }

    /** Leaves cleanly: a leave message to every event server, then the connections close. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        applier.shutdownNow();
        try {
            // a status being applied finishes before close returns: no listener is called after it
            applier.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            client.publish(Topics.LEAVE, MembershipCodec.leave(new MembershipCodec.Leave(member.id(), incarnation)));
        } catch (RuntimeException e) {
            LOG.debug("cannot publish leave: {}", e.toString());
        }
        client.close();
    }

    /**
     * Settings of a member agent.
     *
     * @param eventServers the event servers (a bootstrap list, or what DNS SRV returned)
     * @param settings     presence interval and the rest of the membership timing
     * @param multiply     points per node of the rings (default 1000)
     * @param version      software version announced in presence
     * @param region       data center or region announced in presence
     * @param attributes   free-form presence attributes
     */
    public record MemberAgentConfig(List<InetSocketAddress> eventServers, MembershipSettings settings, int multiply,
            String version, String region, Map<String, String> attributes) {

        public MemberAgentConfig {
            if (eventServers == null || eventServers.isEmpty()) {
                throw new IllegalArgumentException("at least one event server is required");
            }
            eventServers = List.copyOf(eventServers);
            Objects.requireNonNull(settings, "settings");
            attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
        }

        public static MemberAgentConfig of(List<InetSocketAddress> eventServers) {
            return new MemberAgentConfig(eventServers, MembershipSettings.defaults(eventServers.size()), 1000, "", "", Map.of());
        }
    }
}
