package org.thor.overlay.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Netty plumbing every Thor TCP server shares (lookup service, node HTTP API, event server):
 * an acceptor thread and worker threads, the socket options they all use, a bind that releases
 * the threads when it fails, and an orderly close. Each server adds its own pipeline and, where it
 * needs them, its own child options.
 *
 * <p>Use: {@link #open}, then {@link #bootstrap} with the pipeline, then {@link #bind}; the
 * workers are available before the bind for timers that must run on them.
 */
public final class TcpService implements AutoCloseable {

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private volatile Channel channel;

    private TcpService(EventLoopGroup boss, EventLoopGroup workers) {
        this.boss = boss;
        this.workers = workers;
    }

    /** One acceptor thread and Netty's default number of worker threads (twice the cores). */
    public static TcpService open() {
        return new TcpService(new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()),
                new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory()));
    }

    /**
     * A server bootstrap with the options every Thor TCP server uses (backlog 1024, SO_REUSEADDR,
     * TCP_NODELAY) whose connections get their pipeline from {@code pipeline}.
     */
    public static ServerBootstrap serverBootstrap(EventLoopGroup boss, EventLoopGroup workers,
            Class<? extends ServerChannel> channelType, Consumer<SocketChannel> pipeline) {
        return new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline.accept(ch);
                    }
                });
    }

    /** {@link #serverBootstrap} on this service's threads. */
    public ServerBootstrap bootstrap(Consumer<SocketChannel> pipeline) {
        return serverBootstrap(boss, workers, NioServerSocketChannel.class, pipeline);
    }

    /**
     * Binds {@code bootstrap} (from {@link #bootstrap}) to {@code host:port} (0: any free port).
     * When it cannot, the threads are released and the cause is thrown.
     */
    public InetSocketAddress bind(ServerBootstrap bootstrap, String host, int port) throws Exception {
        try {
            channel = bootstrap.bind(host, port).sync().channel();
            return localAddress();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /** The threads the connections run on. */
    public EventLoopGroup workers() {
        return workers;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops accepting connections; those open stay open until {@link #close}. */
    public void stopListening() {
        Channel bound = channel;
        if (bound != null) {
            bound.close().syncUninterruptibly();
        }
    }

    /** Stops accepting, closes every connection and releases the threads. */
    @Override
    public void close() {
        stopListening();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
