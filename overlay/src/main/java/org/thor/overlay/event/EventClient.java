package org.thor.overlay.event;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thor.overlay.tls.ReloadingTls;
import org.thor.overlay.tls.TlsMaterial;

/**
 * The event client of a member: keeps a TLS connection to every configured event server,
 * reconnecting with exponential backoff, re-subscribes after each reconnect, publishes each event
 * to every connected server and hands each received event to the application once
 * ({@link EventDeduplicator}). It works while at least one server is reachable; an event published
 * while no server is connected is not kept (publish says how many servers took it).
 */
public final class EventClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventClient.class);

    private final EventClientConfig config;
    private final ReloadingTls tls;
    private final EventListener listener;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final List<ServerLink> links = new CopyOnWriteArrayList<>();
    private final Bootstrap bootstrap;
    private final boolean plaintext;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final EventDeduplicator dedup;
    private final long epoch = System.currentTimeMillis();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final Consumer<TlsMaterial> onReload;
    private volatile boolean closed;

    private EventClient(EventClientConfig config, ReloadingTls tls, EventListener listener, EventLoopGroup group,
                        boolean ownsGroup, boolean plaintext) {
        this.config = config;
        this.plaintext = plaintext;
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000);
        this.tls = tls;
        this.listener = listener;
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.dedup = new EventDeduplicator(config.dedupPublishers(), config.dedupWindow());
        this.onReload = material -> links.forEach(link -> link.closeIfRevoked(material));
    }

    /** Starts a client with its own network thread. */
    public static EventClient start(EventClientConfig config, ReloadingTls tls, EventListener listener) {
        return start(config, tls, listener, new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()), true);
    }

    /** Starts a client on a shared event loop group, which the caller shuts down. */
    public static EventClient start(EventClientConfig config, ReloadingTls tls, EventListener listener, EventLoopGroup group) {
        return start(config, tls, listener, group, false);
    }

    /**
     * Benchmark only: connects over plain TCP to servers started with
     * {@link EventServer#startPlaintextForBenchmark}; {@code tls} only names this member.
     */
    public static EventClient startPlaintextForBenchmark(EventClientConfig config, ReloadingTls tls, EventListener listener,
                                                         EventLoopGroup group) {
        return start(config, tls, listener, group, false, true);
    }

    private static EventClient start(EventClientConfig config, ReloadingTls tls, EventListener listener,
                                     EventLoopGroup group, boolean ownsGroup) {
        return start(config, tls, listener, group, ownsGroup, false);
    }

    private static EventClient start(EventClientConfig config, ReloadingTls tls, EventListener listener,
                                     EventLoopGroup group, boolean ownsGroup, boolean plaintext) {
        EventClient client = new EventClient(config, tls, listener, group, ownsGroup, plaintext);
        for (InetSocketAddress server : config.servers()) {
            client.links.add(new ServerLink(client, server, client.bootstrap.clone(), plaintext));
        }
        tls.onReload(client.onReload);
        client.links.forEach(ServerLink::connect);
        return client;
    }

    /** The event servers this client keeps connections to. */
    public List<InetSocketAddress> servers() {
        return links.stream().map(ServerLink::address).toList();
    }

    /**
     * Follows a new list of event servers (DNS SRV answered differently): connects to those that
     * are new, with the same subscriptions, and gives up for good on those no longer listed whose
     * connection is down. A connected server is kept whatever the list says: the list comes from
     * the network status, which may name fewer servers for a moment (a manager failing over), and
     * leaving working servers then would cost members their majority. A server taken out of
     * service goes once its connection drops. An empty list changes nothing.
     *
     * @return whether the servers changed
     */
    public synchronized boolean useServers(Collection<InetSocketAddress> servers) {
        if (closed || servers.isEmpty()) {
            return false;
        }
        Set<InetSocketAddress> wanted = new LinkedHashSet<>(servers);
        boolean changed = false;
        for (ServerLink link : links) {
            if (!wanted.contains(link.address()) && !link.isReady()) {
                LOG.info("event server {} is no longer listed and not connected: giving it up", link.address());
                links.remove(link);
                link.retire();
                changed = true;
            }
        }
        Set<InetSocketAddress> have = new HashSet<>(servers());
        for (InetSocketAddress server : wanted) {
            if (!have.contains(server)) {
                LOG.info("event server {} is listed now: connecting", server);
                ServerLink link = new ServerLink(this, server, bootstrap.clone(), plaintext);
                links.add(link);
                link.connect();
                changed = true;
            }
        }
        return changed;
    }

    /** Subscribes to {@code topic} on every server, now and after every reconnect. */
    public void subscribe(String topic) {
        if (topics.add(topic)) {
            links.forEach(link -> link.send(new EventFrame.Subscribe(topic)));
        }
    }

    public void unsubscribe(String topic) {
        if (topics.remove(topic)) {
            links.forEach(link -> link.unsubscribed(topic));
        }
    }

    /**
     * Publishes {@code payload} to {@code topic} through every connected server.
     *
     * @return the event as sent, with the id receivers de-duplicate on
     */
    public Published publish(String topic, byte[] payload) {
        EventId id = new EventId(tls.current().identity().name(), epoch, sequence.incrementAndGet());
        Event event = new Event(topic, id, payload);
        ByteBuf frame = EventFrameCodec.encode(ByteBufAllocator.DEFAULT, new EventFrame.Publish(event));
        int servers = 0;
        try {
            for (ServerLink link : links) {
                if (link.sendEncoded(frame)) {
                    servers++;
                }
            }
        } finally {
            frame.release();
        }
        return new Published(event, servers);
    }

    /** An event as published, and the number of servers it was handed to. */
    public record Published(Event event, int servers) {
    }

    /** Servers connected now (handshake done, server certificate checked). */
    public int connectedServers() {
        return (int) links.stream().filter(ServerLink::isReady).count();
    }

    /** Servers that confirmed the subscription to {@code topic} on the current connection. */
    public int subscribedServers(String topic) {
        return (int) links.stream().filter(link -> link.confirmed(topic)).count();
    }

    /** Events handed to the application. */
    public long delivered() {
        return delivered.get();
    }

    /** Copies of events already delivered, dropped. */
    public long duplicatesDropped() {
        return duplicates.get();
    }

    Set<String> topics() {
        return topics;
    }

    EventClientConfig config() {
        return config;
    }

    ReloadingTls tls() {
        return tls;
    }

    EventListener listener() {
        return listener;
    }

    boolean isClosed() {
        return closed;
    }

    void receive(Event event) {
        boolean first;
        synchronized (dedup) {
            first = dedup.firstTime(event.id());
        }
        if (first) {
            delivered.incrementAndGet();
            listener.onEvent(event);
        } else {
            duplicates.incrementAndGet();
        }
    }

    @Override
    public void close() {
        closed = true;
        tls.removeListener(onReload);
        links.forEach(ServerLink::close);
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
