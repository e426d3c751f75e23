package org.thor.overlay.event;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.thor.overlay.membership.ConnectivityReport;
import org.thor.overlay.membership.LivenessTracker;
import org.thor.overlay.membership.MembershipCodec;
import org.thor.overlay.membership.MembershipSettings;

/**
 * Tells the managers which members this event server sees, on {@link Topics#CONNECTIVITY}: a
 * {@link LivenessTracker} fed by the connections (accepted after the TLS handshake, every frame
 * read, closed), and a report published whenever what the server sees changes and every report
 * interval. A timer checks for silent members every 50 ms, so a hung member is reported within
 * the silence timeout plus 50 ms.
 */
final class ConnectivityMonitor implements AutoCloseable {

    private static final long CHECK_MILLIS = 50;

    private final LivenessTracker tracker;
    private final EventHub hub;
    /** Prefix of the publisher id of the reports; the report's own payload names the server. */
    static final String PUBLISHER_PREFIX = "eventserver:";

    private final String serverName;
    private final long epoch = System.currentTimeMillis();
    private final AtomicLong sequence = new AtomicLong();
    private final ScheduledFuture<?> timer;

    ConnectivityMonitor(String serverName, MembershipSettings settings, EventHub hub, EventExecutor executor) {
        this.serverName = serverName;
        this.tracker = new LivenessTracker(serverName, settings);
        this.hub = hub;
        this.timer = executor.scheduleAtFixedRate(this::publishIfDue, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    synchronized void connected(String member) {
        tracker.connected(member, now());
        publishIfDue();
    }

    synchronized void heard(String member) {
        tracker.heard(member, now());
    }

    synchronized void disconnected(String member) {
        tracker.disconnected(member);
        publishIfDue();
    }

    private synchronized void publishIfDue() {
        tracker.report(now()).ifPresent(this::publish);
    }

    private void publish(ConnectivityReport report) {
        // The publisher is namespaced: a process that is both event server and member (thor run
        // with an event server and a manager or roles) uses one certificate name for both, and
        // clients de-duplicate per publisher and epoch, so the member's own events and the
        // server's reports under one name would make clients drop one or the other.
        Event event = new Event(Topics.CONNECTIVITY, new EventId(PUBLISHER_PREFIX + serverName, epoch, sequence.incrementAndGet()),
                MembershipCodec.report(report));
        for (Channel subscriber : hub.fanOut(ByteBufAllocator.DEFAULT, event)) {
            subscriber.flush();
        }
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    @Override
    public void close() {
        timer.cancel(false);
    }
}
