package org.thor.overlay.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thor.overlay.net.ConnectionLimit;
import org.thor.overlay.net.TcpService;

/**
 * The node HTTP API (default port 9501): serves the routes of an {@link HttpRouter} over HTTP/1.1
 * (see docs/http-api.md; {@link NodeApi} adds the node's own routes). Protects itself with a
 * connection limit, an idle timeout and a size limit on request line, headers and body.
 * Pipeline: connection limit, idle timer, HTTP codec, aggregator, handler.
 */
public final class HttpApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiServer.class);

    private final TcpService tcp;
    private final ConnectionLimit limiter;

    private HttpApiServer(TcpService tcp, ConnectionLimit limiter) {
        this.tcp = tcp;
        this.limiter = limiter;
    }

    /**
     * Binds and starts serving {@code router}.
     *
     * @throws HttpApiServerException when the address cannot be bound
     */
    public static HttpApiServer start(HttpApiConfig config, HttpRouter router) {
        ConnectionLimit limiter = new ConnectionLimit("HTTP", config.maxConnections(), (alloc, max) -> {
            byte[] body = ("{\"status\":503,\"error\":\"too many connections (limit " + max + ")\"}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n";
            return io.netty.buffer.Unpooled.wrappedBuffer(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII), body);
        });
        TcpService tcp = TcpService.open();
        ServerBootstrap bootstrap = tcp.bootstrap(ch -> {
            ChannelPipeline p = ch.pipeline();
            p.addLast("limit", limiter);
            p.addLast("idle", new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
            initHttp(p, config, router);
        });
        try {
            tcp.bind(bootstrap, config.host(), config.port());
        } catch (Exception e) {
            throw new HttpApiServerException("cannot listen for HTTP on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        HttpApiServer server = new HttpApiServer(tcp, limiter);
        LOG.info("node HTTP API listening on {}", server.localAddress());
        return server;
    }

    /** The HTTP part of the pipeline: codec, aggregator, handler (tests put it on an {@code EmbeddedChannel}). */
    static void initHttp(ChannelPipeline p, HttpApiConfig config, HttpRouter router) {
        int max = config.maxRequestBytes();
        p.addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(max)
                .setMaxHeaderSize(max)
                .setMaxChunkSize(max)));
        p.addLast("aggregate", new HttpObjectAggregator(max) {
            @Override
            protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage request) {
                HttpApiHandler.bodyTooLarge(ctx, request, max);
            }
        });
        p.addLast("api", new HttpApiHandler(router));
    }

    public InetSocketAddress localAddress() {
        return tcp.localAddress();
    }

    /** Connections open now. */
    public int openConnections() {
        return limiter.open();
    }

    /** Stops accepting, closes every connection and releases the threads. */
    @Override
    public void close() {
        tcp.close();
    }

    /** The server could not start. */
    public static final class HttpApiServerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HttpApiServerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
