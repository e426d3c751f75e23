package org.thor.overlay.event;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thor.overlay.tls.MemberIdentity;
import org.thor.overlay.tls.TlsMaterial;

/**
 * The state an event server shares between its connections: who is connected, who subscribes to
 * what, and the counters an operator (or a test) reads. Fan-out encodes an event once and hands
 * every subscriber a retained slice of the same buffer.
 */
final class EventHub {

    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

    static final AttributeKey<MemberIdentity> IDENTITY = AttributeKey.valueOf("thor.member");
    static final AttributeKey<X509Certificate> PEER_CERTIFICATE = AttributeKey.valueOf("thor.peerCertificate");

    final ChannelGroup channels = new DefaultChannelGroup("event-connections", GlobalEventExecutor.INSTANCE);
    private final Map<String, Set<Channel>> subscribers = new ConcurrentHashMap<>();
    private final long maxSubscriberBacklog;

    final AtomicLong rejectedHandshakes = new AtomicLong();
    final AtomicLong refusedRequests = new AtomicLong();
    final AtomicLong protocolErrors = new AtomicLong();
    final AtomicLong slowSubscribersDropped = new AtomicLong();
    final AtomicLong revokedConnectionsClosed = new AtomicLong();
    final AtomicLong eventsPublished = new AtomicLong();

    EventHub(long maxSubscriberBacklog) {
        this.maxSubscriberBacklog = maxSubscriberBacklog;
    }

    void subscribe(String topic, Channel channel) {
        subscribers.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(channel);
    }

    void unsubscribe(String topic, Channel channel) {
        Set<Channel> set = subscribers.get(topic);
        if (set != null) {
            set.remove(channel);
        }
    }

    void forget(Channel channel) {
        subscribers.values().forEach(set -> set.remove(channel));
    }

    int subscriberCount(String topic) {
        Set<Channel> set = subscribers.get(topic);
        return set == null ? 0 : set.size();
    }

    /**
     * Writes {@code event} to every subscriber of its topic (without flushing) and returns those
     * written to. A subscriber that is not writable (its queue passed the high water mark, which
     * the server sets to the backlog limit) is disconnected rather than let grow without bound.
     */
    List<Channel> fanOut(ByteBufAllocator alloc, Event event) {
        eventsPublished.incrementAndGet();
        Set<Channel> targets = subscribers.get(event.topic());
        if (targets == null || targets.isEmpty()) {
            return List.of();
        }
        List<Channel> written = new ArrayList<>(targets.size());
        ByteBuf frame = EventFrameCodec.encode(alloc, new EventFrame.Deliver(event));
        try {
            for (Channel subscriber : targets) {
                if (!subscriber.isActive()) {
                    continue;
                }
                if (!subscriber.isWritable()) {
                    slowSubscribersDropped.incrementAndGet();
                    LOG.warn("disconnecting subscriber {} ({}): more than {} bytes queued for it", name(subscriber),
                            subscriber.remoteAddress(), maxSubscriberBacklog);
                    targets.remove(subscriber);
                    subscriber.close();
                    continue;
                }
                subscriber.write(frame.retainedDuplicate(), subscriber.voidPromise());
                written.add(subscriber);
            }
        } finally {
            frame.release();
        }
        return written;
    }

    /** Closes the connections of peers that {@code material}'s CRL now lists. */
    void closeRevoked(TlsMaterial material) {
        for (Channel channel : channels) {
            X509Certificate peer = channel.attr(PEER_CERTIFICATE).get();
            if (peer != null && material.isRevoked(peer)) {
                revokedConnectionsClosed.incrementAndGet();
                LOG.warn("closing the connection of {} ({}): its certificate (serial {}) is revoked",
                        name(channel), channel.remoteAddress(), peer.getSerialNumber().toString(16));
                channel.close();
            }
        }
    }

    List<MemberIdentity> members() {
        List<MemberIdentity> members = new ArrayList<>();
        for (Channel channel : channels) {
            MemberIdentity identity = channel.attr(IDENTITY).get();
            if (identity != null && channel.isActive()) {
                members.add(identity);
            }
        }
        return members;
    }

    static String name(Channel channel) {
        MemberIdentity identity = channel.attr(IDENTITY).get();
        return identity == null ? "(unauthenticated)" : identity.name();
    }
}
