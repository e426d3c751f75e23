package org.thor.overlay.event;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thor.overlay.net.TcpService;
import org.thor.overlay.tls.MemberIdentity;
import org.thor.overlay.tls.ReloadingTls;
import org.thor.overlay.tls.TlsMaterial;

/**
 * The event server (thor-eventserver, TCP 8000 over mutual TLS): the hub every overlay message goes
 * through. Members subscribe to topics and publish events; the server checks each against the
 * publisher's certificate ({@link Topics}) and fans it out to the topic's subscribers. A network
 * runs three or more; members connect to all of them ({@link EventClient}).
 *
 * <p>Pipeline: TLS (a handler from the TLS context current when the connection arrives, so a
 * reloaded certificate or CRL applies to the next handshake), idle timer, length-prefixed frame
 * decoder with a maximum length, {@link EventFrameCodec}, {@link EventServerHandler}. When the
 * CRL changes, open connections of now-revoked peers are closed.
 */
public final class EventServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventServer.class);

    private final TcpService tcp;
    private final EventHub hub;
    private final ReloadingTls tls;
    private final Consumer<TlsMaterial> onReload;
    private final ConnectivityMonitor monitor;

    private EventServer(TcpService tcp, EventHub hub, ReloadingTls tls, ConnectivityMonitor monitor) {
        this.monitor = monitor;
        this.tcp = tcp;
        this.hub = hub;
        this.tls = tls;
        this.onReload = hub::closeRevoked;
        tls.onReload(onReload);
    }

    /**
     * Binds and starts serving. The caller keeps ownership of {@code tls}.
     *
     * @throws EventServerException when the address cannot be bound
     */
    public static EventServer start(EventServerConfig config, ReloadingTls tls) {
        return start(config, tls, null);
    }

    /**
     * Benchmark only: the same server over plain TCP, every connection taken to be
     * {@code everyone} without any authentication, so that the cost of TLS can be measured
     * against the same code. Never used by {@code thor}.
     */
    public static EventServer startPlaintextForBenchmark(EventServerConfig config, ReloadingTls tls, MemberIdentity everyone) {
        return start(config, tls, java.util.Objects.requireNonNull(everyone));
    }

    private static EventServer start(EventServerConfig config, ReloadingTls tls, MemberIdentity plaintextIdentity) {
        EventHub hub = new EventHub(config.maxSubscriberBacklog());
        long idleMillis = config.idleTimeout().toMillis();
        long handshakeMillis = config.handshakeTimeout().toMillis();
        TcpService tcp = TcpService.open();
        String serverName = plaintextIdentity != null ? plaintextIdentity.name() : tls.current().identity().name();
        ConnectivityMonitor monitor = new ConnectivityMonitor(serverName, config.membership(), hub, tcp.workers().next());
        int high = (int) Math.min(Integer.MAX_VALUE, config.maxSubscriberBacklog());
        ServerBootstrap bootstrap = tcp.bootstrap(ch -> {
            hub.channels.add(ch);
            ChannelPipeline p = ch.pipeline();
            if (plaintextIdentity == null) {
                SslHandler ssl = tls.current().serverContext().newHandler(ch.alloc());
                ssl.setHandshakeTimeoutMillis(handshakeMillis);
                p.addLast("tls", ssl);
            }
            p.addLast("idle", new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
            p.addLast("frames", EventFrameCodec.frameDecoder(config.maxFrameLength()));
            p.addLast("codec", new EventFrameCodec());
            p.addLast("events", new EventServerHandler(hub, monitor, plaintextIdentity));
        })
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(high / 2, high));
        try {
            tcp.bind(bootstrap, config.host(), config.port());
        } catch (Exception e) {
            monitor.close();
            throw new EventServerException("cannot listen for events on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        EventServer server = new EventServer(tcp, hub, tls, monitor);
        LOG.info("event server {} listening on {}", serverName, server.localAddress());
        return server;
    }

    public InetSocketAddress localAddress() {
        return tcp.localAddress();
    }

    /** Members connected now whose handshake succeeded. */
    public List<MemberIdentity> connectedMembers() {
        return hub.members();
    }

    /** Connections of the member named {@code name} open now. */
    public long connectionsOf(String name) {
        return hub.members().stream().filter(m -> m.name().equals(name)).count();
    }

    public int subscriberCount(String topic) {
        return hub.subscriberCount(topic);
    }

    /** TLS handshakes refused so far (no certificate, unknown CA, expired, revoked, not a member). */
    public long rejectedHandshakes() {
        return hub.rejectedHandshakes.get();
    }

    /** Subscribes and publishes refused by the topic rules so far. */
    public long refusedRequests() {
        return hub.refusedRequests.get();
    }

    /** Connections closed for a bad or over-long frame so far. */
    public long protocolErrors() {
        return hub.protocolErrors.get();
    }

    /** Events accepted for fan-out so far. */
    public long eventsPublished() {
        return hub.eventsPublished.get();
    }

    public long revokedConnectionsClosed() {
        return hub.revokedConnectionsClosed.get();
    }

    public long slowSubscribersDropped() {
        return hub.slowSubscribersDropped.get();
    }

    /** Stops accepting, closes every connection and releases the threads. */
    @Override
    public void close() {
        tls.removeListener(onReload);
        monitor.close();
        tcp.stopListening();
        hub.channels.close().awaitUninterruptibly();
        tcp.close();
    }

    /** The server could not start. */
    public static final class EventServerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EventServerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
