package org.thor.overlay.lookup;

import org.thor.overlay.net.ConnectionLimit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thor.overlay.ring.RoleRings;

/**
 * The public lookup service (TCP, default port 9500): answers {@link LookupProtocol} lines from
 * the current rings. Needs no certificate; protects itself with a line length limit, a connection
 * limit and an idle timeout. Pipeline: connection limit, idle timer, line decoder, handler.
 */
public final class LookupServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LookupServer.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;
    private final ConnectionLimit limiter;

    private LookupServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel, ConnectionLimit limiter) {
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
        this.limiter = limiter;
    }

    /**
     * Binds and starts serving.
     *
     * @throws LookupServerException when the address cannot be bound
     */
    public static LookupServer start(LookupServerConfig config, Supplier<RoleRings> rings) {
        return start(config, rings, LookupObserver.NONE);
    }

    /**
     * As {@link #start(LookupServerConfig, Supplier)}, telling {@code observer} how each lookup ended.
     *
     * @throws LookupServerException when the address cannot be bound
     */
    public static LookupServer start(LookupServerConfig config, Supplier<RoleRings> rings, LookupObserver observer) {
        LookupProtocol protocol = new LookupProtocol(rings, observer);
        ConnectionLimit limiter = new ConnectionLimit("lookup", config.maxConnections(), (alloc, max) ->
                io.netty.buffer.ByteBufUtil.writeUtf8(alloc, LookupProtocol.error("too many connections (limit " + max + ")") + "\n"));
        long idleMillis = config.idleTimeout().toMillis();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        p.addLast("limit", limiter);
                        p.addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
                        p.addLast("lines", new LineFrameDecoder(config.maxLineLength()));
                        p.addLast("lookup", new LookupHandler(protocol));
                    }
                });
        try {
            Channel channel = bootstrap.bind(config.host(), config.port()).sync().channel();
            LookupServer server = new LookupServer(boss, workers, channel, limiter);
            LOG.info("lookup service listening on {}", server.localAddress());
            return server;
        } catch (Exception e) {
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new LookupServerException("cannot listen for lookups on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Connections open now. */
    public int openConnections() {
        return limiter.open();
    }

    /** Stops accepting, closes every connection and releases the threads. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The service could not start. */
    public static final class LookupServerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LookupServerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
