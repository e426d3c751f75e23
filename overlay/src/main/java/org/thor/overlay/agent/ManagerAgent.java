package org.thor.overlay.agent;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thor.overlay.event.Event;
import org.thor.overlay.event.EventListener;
import org.thor.overlay.event.Topics;
import org.thor.overlay.member.Member;
import org.thor.overlay.membership.MembershipCodec;
import org.thor.overlay.membership.NetworkStatus;
import org.thor.overlay.membership.ThorManager;
import org.thor.overlay.tls.ReloadingTls;

/**
 * A thor-manager process: a member (it announces the manager role) that runs {@link ThorManager}
 * on one thread, fed by the presence, leave, connectivity, admin and status topics, ticking every
 * 50 ms, and publishing the network status when it is the active manager.
 */
public final class ManagerAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagerAgent.class);
    private static final long TICK_MILLIS = 50;

    private final ScheduledExecutorService loop;
    private final ThorManager manager;
    private final MemberAgent member;
    private NetworkStatus lastPublished;

    private ManagerAgent(Member self, MemberAgent.MemberAgentConfig config, ReloadingTls tls) {
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "thor-manager");
            t.setDaemon(true);
            return t;
        });
        this.manager = new ThorManager(self.id(), config.settings(), this::publish);
        this.member = MemberAgent.start(self, config, tls, new Feed(),
                List.of(Topics.PRESENCE, Topics.LEAVE, Topics.CONNECTIVITY, Topics.ADMIN));
        loop.scheduleAtFixedRate(() -> manager.tick(now()), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts a manager; {@code self} must announce the manager role and carry the certificate's name. */
    public static ManagerAgent start(Member self, MemberAgent.MemberAgentConfig config, ReloadingTls tls) {
        if (!self.serves(config.settings().managerRole())) {
            throw new IllegalArgumentException("a manager must announce the role " + config.settings().managerRole());
        }
        return new ManagerAgent(self, config, tls);
    }

    private void publish(NetworkStatus status) {
        if (lastPublished == null || lastPublished.version().term() != status.version().term()) {
            LOG.info("active manager in term {}", status.version().term());
        }
        if (lastPublished == null || !lastPublished.version().equals(status.version())) {
            LOG.info("publishing network status {}: {} members online", status.version(), status.members().size());
        } else {
            LOG.debug("publishing network status {} again", status.version());
        }
        if (lastPublished != null) {
            java.util.Set<String> now = status.members().stream().map(Member::id).collect(java.util.stream.Collectors.toSet());
            long at = now();
            for (Member before : lastPublished.members()) {
                if (!now.contains(before.id())) {
                    LOG.info("{} is offline: {}", before.id(), manager.view().whyOffline(before.id(), at));
                }
            }
        }
        lastPublished = status;
        member.client().publish(Topics.MEMBERS, MembershipCodec.status(status));
    }

    private final class Feed implements EventListener {
        @Override
        public void onEvent(Event event) {
            loop.execute(() -> handle(event));
        }
    }

    private void handle(Event event) {
        long now = now();
        try {
            switch (event.topic()) {
                case Topics.PRESENCE -> manager.onPresence(MembershipCodec.presence(event.payload()), now);
                case Topics.LEAVE -> {
                    MembershipCodec.Leave leave = MembershipCodec.leave(event.payload());
                    manager.onLeave(leave.name(), leave.incarnation(), now);
                }
                case Topics.CONNECTIVITY -> manager.onReport(MembershipCodec.report(event.payload()), now);
                case Topics.ADMIN -> {
                    var command = MembershipCodec.admin(event.payload());
                    LOG.info("operator {} orders: {} {}", event.id().publisher(), command.action(), command.node());
                    manager.onAdmin(command, now);
                }
                case Topics.MEMBERS -> manager.onStatus(MembershipCodec.status(event.payload()), now);
                default -> {
                }
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring a bad {} event from {}: {}", event.topic(), event.id().publisher(), e.getMessage());
        }
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    public boolean isActive() {
        return manager.isActive();
    }

    public MemberAgent member() {
        return member;
    }

    @Override
    public void close() {
        loop.shutdownNow();
        member.close();
    }
}
