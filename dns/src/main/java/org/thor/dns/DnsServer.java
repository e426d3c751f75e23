package org.thor.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thor.overlay.net.ConnectionLimit;
import org.thor.overlay.net.TcpService;

/**
 * thor-dns: the authoritative DNS server of the Thor zone, on UDP and TCP of one port, answering
 * from whatever {@link ZoneSnapshot} its supplier returns at the time of each query (see
 * {@link DnsResponder} for what it answers).
 *
 * <p>UDP: {@code udpSockets} datagram sockets share the port through SO_REUSEPORT, each on its own
 * event loop, so the kernel spreads clients over the cores. TCP pipeline: connection limit, idle
 * timer, 2-byte length framing with a maximum, handler.
 */
public final class DnsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    private static final int BIND_ATTEMPTS = 5;
    /** Longest UDP query read in full (one question, an OPT record and its options fit easily). */
    static final int MAX_UDP_QUERY = 2048;

    private final EventLoopGroup group;
    private final List<Channel> channels;
    private final ConnectionLimit limit;
    private final DnsStats stats;
    private final InetSocketAddress address;

    private DnsServer(EventLoopGroup group, List<Channel> channels, ConnectionLimit limit, DnsStats stats) {
        this.group = group;
        this.channels = channels;
        this.limit = limit;
        this.stats = stats;
        this.address = (InetSocketAddress) channels.get(0).localAddress();
    }

    /**
     * Binds UDP and TCP and starts answering.
     *
     * @throws DnsServerException when the address cannot be bound
     */
    public static DnsServer start(DnsServerConfig config, Supplier<ZoneSnapshot> zone) {
        return start(config, zone, Epoll.isAvailable());
    }

    /** As {@link #start(DnsServerConfig, Supplier)}; {@code epoll} false forces the portable NIO transport. */
    static DnsServer start(DnsServerConfig config, Supplier<ZoneSnapshot> zone, boolean epoll) {
        DnsResponder responder = new DnsResponder(zone, config.ednsMaxPayload());
        DnsStats stats = new DnsStats();
        ConnectionLimit limit = new ConnectionLimit("DNS TCP", config.maxTcpConnections(), null);
        int threads = Math.max(config.udpSockets() + 1, Runtime.getRuntime().availableProcessors());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Exception last = null;
        for (int attempt = 0; attempt < (config.port() == 0 ? BIND_ATTEMPTS : 1); attempt++) {
            List<Channel> channels = new ArrayList<>();
            try {
                bind(config, responder, stats, limit, group, channels, epoll);
                DnsServer server = new DnsServer(group, channels, limit, stats);
                LOG.info("thor-dns answering for {} on {} (UDP x{} and TCP, {})", zone.get().zone(),
                        server.localAddress(), config.udpSockets(), epoll ? "epoll" : "nio");
                return server;
            } catch (Exception e) {
                last = e;
                channels.forEach(c -> c.close().syncUninterruptibly());
            }
        }
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        throw new DnsServerException("cannot listen for DNS on " + config.host() + ":" + config.port()
                + ": " + last.getMessage(), last);
    }

    private static void bind(DnsServerConfig config, DnsResponder responder, DnsStats stats, ConnectionLimit limit,
                             EventLoopGroup group, List<Channel> channels, boolean epoll) throws InterruptedException {
        int port = config.port();
        for (int i = 0; i < config.udpSockets(); i++) {
            Bootstrap udp = new Bootstrap().group(group.next());
            if (epoll) {
                // recvmmsg: one read takes up to 16 datagrams of at most MAX_QUERY bytes (longer ones are cut
                // and then fail to parse, which is right: a query of one question is far shorter)
                udp.channel(EpollDatagramChannel.class)
                        .option(EpollChannelOption.SO_REUSEPORT, config.udpSockets() > 1)
                        .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_UDP_QUERY)
                        .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(16 * MAX_UDP_QUERY));
            } else {
                udp.channel(NioDatagramChannel.class)
                        .option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), config.udpSockets() > 1);
            }
            udp.option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                    .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                    .handler(new UdpQueryHandler(responder, stats));
            Channel channel = udp.bind(config.host(), port).sync().channel();
            channels.add(channel);
            port = ((InetSocketAddress) channel.localAddress()).getPort();
        }
        int idleMillis = (int) Math.min(Integer.MAX_VALUE, config.tcpIdleTimeout().toMillis());
        ServerBootstrap tcp = TcpService.serverBootstrap(group, group,
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class, ch -> {
                    ChannelPipeline p = ch.pipeline();
                    p.addLast("limit", limit);
                    p.addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
                    p.addLast("frames", new LengthFieldBasedFrameDecoder(config.maxTcpQuery() + 2, 0, 2, 0, 2));
                    p.addLast("dns", new TcpQueryHandler(responder, stats));
                });
        channels.add(tcp.bind(config.host(), port).sync().channel());
    }

    /** The bound address; UDP and TCP share its port. */
    public InetSocketAddress localAddress() {
        return address;
    }

    public DnsStats stats() {
        return stats;
    }

    /** TCP connections open now. */
    public int openTcpConnections() {
        return limit.open();
    }

    /** Stops listening, closes every connection and releases the threads. */
    @Override
    public void close() {
        channels.forEach(c -> c.close().syncUninterruptibly());
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The server could not start. */
    public static final class DnsServerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DnsServerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
