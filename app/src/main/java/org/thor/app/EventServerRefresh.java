package org.thor.app;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thor.overlay.event.EventClient;

/**
 * Keeps a member that found its event servers through DNS SRV on the servers DNS names now: every
 * interval it asks again and hands a changed list to the member's event client, which connects to
 * the new servers and leaves those no longer listed (an operator replaces an event server by
 * changing the network, not every node). A failed lookup keeps the current servers.
 *
 * <p>Not for managers: the majority rule counts the event servers a manager started with, and all
 * managers must count alike.
 */
public final class EventServerRefresh implements AutoCloseable {

    /** How often DNS is asked again by default. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(EventServerRefresh.class);

    private final Supplier<List<InetSocketAddress>> find;
    private final EventClient client;
    private final ScheduledExecutorService timer;

    private EventServerRefresh(Supplier<List<InetSocketAddress>> find, EventClient client) {
        this.find = find;
        this.client = client;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "thor-eventserver-dns");
            t.setDaemon(true);
            return t;
        });
    }

    /** Asks {@code find} every {@code interval} and applies the answer to {@code client}. */
    public static EventServerRefresh start(Supplier<List<InetSocketAddress>> find, EventClient client, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the event-server refresh interval must be positive, got " + interval);
        }
        EventServerRefresh refresh = new EventServerRefresh(find, client);
        long every = interval.toMillis();
        refresh.timer.scheduleWithFixedDelay(refresh::refreshOnce, every, every, TimeUnit.MILLISECONDS);
        return refresh;
    }

    /** One lookup: returns whether the client's servers changed. */
    boolean refreshOnce() {
        List<InetSocketAddress> found;
        try {
            found = find.get();
        } catch (RuntimeException e) {
            LOG.warn("event servers not looked up again ({}); keeping {}", e.getMessage(), client.servers());
            return false;
        }
        try {
            boolean changed = client.useServers(found);
            if (changed) {
                LOG.info("event servers from DNS: {}; connected to {}", found, client.servers());
            }
            return changed;
        } catch (RuntimeException e) { // never let the timer's task die: the next lookup tries again
            LOG.warn("cannot follow the event servers {}: {}", found, e.toString());
            return false;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
