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
 *
 * <p>Reports are published under the event id publisher {@code server:<name>}, not the server's
 * member name: an event server may also be a member (its own event client publishes presence as
 * {@code <name>}, with another epoch), and clients de-duplicate per publisher, keeping only the
 * newest epoch, so sharing the name would make every client drop one of the two streams. ':' never
 * occurs in a certificate name, so no member can publish as {@code server:<name>}.
 */
final class ConnectivityMonitor implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConnectivityMonitor.class);

    private static final long CHECK_MILLIS = 50;

    private final LivenessTracker tracker;
    private final EventHub hub;
    private final String publisherId;
    private final long epoch = System.currentTimeMillis();
    private final AtomicLong sequence = new AtomicLong();
    private final ScheduledFuture<?> timer;
    private java.util.Set<String> previous = java.util.Set.of();

    ConnectivityMonitor(String serverName, MembershipSettings settings, EventHub hub, EventExecutor executor) {
        this.publisherId = "server:" + serverName;
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
        long now = now();
        tracker.report(now).ifPresent(report -> {
            for (String lost : previous) {
                if (!report.seen().contains(lost)) {
                    LOG.info("{} no longer sees {}: {}", report.eventServer(), lost, tracker.whyUnseen(lost, now));
                }
            }
            previous = report.seen();
            publish(report);
        });
    }

    private void publish(ConnectivityReport report) {
        Event event = new Event(Topics.CONNECTIVITY, new EventId(publisherId, epoch, sequence.incrementAndGet()),
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
