package org.thor.dns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each length-prefixed TCP frame (RFC 1035 section 4.2.2, RFC 7766) with one length-prefixed
 * response, in order, so pipelined queries work. Closes the connection when it idles, sends an
 * over-long frame, or sends something that gets no answer (a response).
 */
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {

    private static final Logger LOG = LoggerFactory.getLogger(TcpQueryHandler.class);

    private final DnsResponder responder;
    private final DnsStats stats;

    TcpQueryHandler(DnsResponder responder, DnsStats stats) {
        this.responder = responder;
        this.stats = stats;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        ByteBuf out = ctx.alloc().ioBuffer(514);
        try {
            out.writeShort(0);
            if (responder.respond(frame, out, false)) {
                out.setShort(0, out.readableBytes() - 2);
                ctx.write(out, ctx.voidPromise());
                out = null;
                stats.tcpResponses.increment();
            } else {
                stats.dropped.increment();
                ctx.close();
            }
        } catch (RuntimeException e) {
            stats.failures.increment();
            LOG.warn("failed to answer a {}-byte TCP query from {}", frame.readableBytes(), ctx.channel().remoteAddress(), e);
            ctx.close();
        } finally {
            if (out != null) {
                out.release();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            LOG.debug("closing DNS TCP connection from {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else {
            LOG.debug("closing DNS TCP connection from {}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
