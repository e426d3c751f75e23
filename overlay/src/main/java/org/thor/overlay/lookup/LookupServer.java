package org.thor.overlay.lookup;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.atomic.LongAdder;
import org.thor.overlay.net.ClientRateLimit;
import org.thor.overlay.net.ConnectionLimit;
import org.thor.overlay.net.TcpService;
import org.thor.overlay.ring.RoleRings;

/**
 * The public lookup service (TCP, default port 9500): answers {@link LookupProtocol} lines from
 * the current rings. Needs no certificate; protects itself with a line length limit, a connection
 * limit, an idle timeout and a request rate per client address. Pipeline: connection limit, idle
 * timer, line decoder, handler.
 */
public final class LookupServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LookupServer.class);

    private final TcpService tcp;
    private final ConnectionLimit limiter;
    private final LongAdder throttled;

    private LookupServer(TcpService tcp, ConnectionLimit limiter, LongAdder throttled) {
        this.tcp = tcp;
        this.limiter = limiter;
        this.throttled = throttled;
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
        ClientRateLimit rateLimit = config.ratePerClient() == 0 ? null
                : new ClientRateLimit(config.ratePerClient(), config.burstPerClient(), System::nanoTime);
        LongAdder throttled = new LongAdder();
        TcpService tcp = TcpService.open();
        ServerBootstrap bootstrap = tcp.bootstrap(ch -> {
            ChannelPipeline p = ch.pipeline();
            p.addLast("limit", limiter);
            p.addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
            p.addLast("lines", new LineFrameDecoder(config.maxLineLength()));
            p.addLast("lookup", new LookupHandler(protocol, rateLimit, throttled, observer));
        });
        try {
            tcp.bind(bootstrap, config.host(), config.port());
        } catch (Exception e) {
            throw new LookupServerException("cannot listen for lookups on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        LookupServer server = new LookupServer(tcp, limiter, throttled);
        LOG.info("lookup service listening on {}", server.localAddress());
        return server;
    }

    public InetSocketAddress localAddress() {
        return tcp.localAddress();
    }

    /** Connections open now. */
    public int openConnections() {
        return limiter.open();
    }

    /** Request lines so far that waited because their client was over its rate. */
    public long throttledLines() {
        return throttled.sum();
    }

    /** Stops accepting, closes every connection and releases the threads. */
    @Override
    public void close() {
        tcp.close();
    }

    /** The service could not start. */
    public static final class LookupServerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LookupServerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
