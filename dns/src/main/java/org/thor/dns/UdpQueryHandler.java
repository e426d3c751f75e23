package org.thor.dns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each datagram with one datagram. Responses of one read burst are flushed together, so a
 * busy socket costs one flush per burst, not per query.
 */
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(UdpQueryHandler.class);

    private final DnsResponder responder;
    private final DnsStats stats;

    UdpQueryHandler(DnsResponder responder, DnsStats stats) {
        this.responder = responder;
        this.stats = stats;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf out = ctx.alloc().ioBuffer(512);
        try {
            if (responder.respond(packet.content(), out, true)) {
                ctx.write(new DatagramPacket(out, packet.sender()), ctx.voidPromise());
                out = null;
                stats.udpResponses.increment();
            } else {
                stats.dropped.increment();
            }
        } catch (RuntimeException e) {
            stats.failures.increment();
            LOG.warn("failed to answer a {}-byte datagram from {}", packet.content().readableBytes(), packet.sender(), e);
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
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a UDP socket error (e.g. ICMP port unreachable reported on send) concerns one client only
        LOG.debug("UDP socket error on {}", ctx.channel().localAddress(), cause);
    }
}
