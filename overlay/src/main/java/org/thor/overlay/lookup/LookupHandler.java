package org.thor.overlay.lookup;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the request lines of one connection. Answers of the lines that arrive in one read are
 * gathered into one buffer and flushed together when the read completes, so a pipelining client
 * gets them in order and in few packets.
 */
final class LookupHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(LookupHandler.class);

    private final LookupProtocol protocol;
    private ByteBuf pending;
    private boolean closing;

    LookupHandler(LookupProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            return;
        }
        String answer;
        if (msg instanceof LineFrameDecoder.BadLine bad) {
            answer = LookupProtocol.error(bad.reason());
        } else {
            answer = protocol.answer((String) msg);
        }
        if (answer == null) {
            return;
        }
        if (answer == LookupProtocol.QUIT) {
            closing = true;
            flushPending(ctx).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (pending == null) {
            pending = ctx.alloc().buffer(256);
        }
        ByteBufUtil.writeUtf8(pending, answer);
        pending.writeByte('\n');
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (pending != null) {
            flushPending(ctx);
        }
    }

    private io.netty.channel.ChannelFuture flushPending(ChannelHandlerContext ctx) {
        ByteBuf out = pending;
        pending = null;
        return out == null ? ctx.writeAndFlush(ctx.alloc().buffer(0)) : ctx.writeAndFlush(out);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            LOG.debug("closing idle lookup connection from {}", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("lookup connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
