package org.thor.overlay.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses connections beyond a limit, so that a flood cannot exhaust a server: the refused
 * connection gets the service's own answer (an error line, an HTTP 503) or is simply closed, and
 * is read no further. One instance is shared by every connection of a server.
 */
@ChannelHandler.Sharable
public final class ConnectionLimit extends ChannelInboundHandlerAdapter {

    /** What a refused connection is told before it is closed. */
    @FunctionalInterface
    public interface Refusal {
        ByteBuf answer(ByteBufAllocator alloc, int max);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimit.class);

    private final String service;
    private final int max;
    private final Refusal refusal;
    private final AtomicInteger open = new AtomicInteger();

    /**
     * @param service what the log calls the server, e.g. {@code lookup}
     * @param max     connections served at once
     * @param refusal the answer to a connection beyond {@code max}; null closes it without one
     */
    public ConnectionLimit(String service, int max, Refusal refusal) {
        this.service = service;
        this.max = max;
        this.refusal = refusal;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (open.incrementAndGet() > max) {
            LOG.warn("refusing {} connection from {}: {} connections open", service, ctx.channel().remoteAddress(), max);
            ctx.channel().config().setAutoRead(false);
            if (refusal == null) {
                ctx.close();
            } else {
                ctx.writeAndFlush(refusal.answer(ctx.alloc(), max)).addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        open.decrementAndGet();
        super.channelInactive(ctx);
    }

    /** Connections open now, refused ones that are still closing included. */
    public int open() {
        return open.get();
    }
}
