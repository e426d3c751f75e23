package org.thor.overlay.lookup;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thor.overlay.net.ClientRateLimit;

/**
 * Answers the request lines of one connection. Answers of the lines that arrive in one read are
 * gathered into one buffer and flushed together when the read completes, so a pipelining client
 * gets them in order and in few packets. A client over its {@link ClientRateLimit rate} is slowed,
 * not refused: the line that finds the rate spent waits with every line after it, the connection
 * is not read meanwhile (TCP pushes back on the client), and the waiting lines are answered in
 * order as the rate allows.
 */
final class LookupHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(LookupHandler.class);
    /** Lines a connection takes from its client's rate at a time. */
    private static final int GRANT = 32;
    private static final long MIN_WAIT_NANOS = 100_000;

    private final LookupProtocol protocol;
    private final ClientRateLimit rateLimit;
    private final LongAdder throttled;
    private final LookupObserver observer;
    private final ArrayDeque<Object> deferred = new ArrayDeque<>();
    private ClientRateLimit.Allowance allowance;
    private InetAddress client;
    private ByteBuf pending;
    private boolean closing;
    private int credit; // lines this connection may still serve from its last grant

    /**
     * @param rateLimit the per-client rate, or null for none
     * @param throttled counts the lines that had to wait for the rate
     * @param observer  told of each of those lines too
     */
    LookupHandler(LookupProtocol protocol, ClientRateLimit rateLimit, LongAdder throttled, LookupObserver observer) {
        this.protocol = protocol;
        this.rateLimit = rateLimit;
        this.throttled = throttled;
        this.observer = observer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (rateLimit != null && ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            client = remote.getAddress();
            allowance = rateLimit.acquire(client);
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            return;
        }
        if (!deferred.isEmpty()) {
            deferred.add(msg); // behind the lines already waiting: answers stay in order
            countThrottled();
            return;
        }
        if (allowance != null && credit == 0 && (credit = allowance.grant(GRANT)) == 0) {
            long wait = Math.max(allowance.waitNanos(), MIN_WAIT_NANOS);
            deferred.add(msg);
            countThrottled();
            if (allowance.firstTimeSlowed()) {
                LOG.info("lookup client {} is over its rate: reading its connections more slowly (from {} on; said once)",
                        client.getHostAddress(), ctx.channel().remoteAddress());
            }
            ctx.channel().config().setAutoRead(false);
            ctx.executor().schedule(() -> drain(ctx), wait, TimeUnit.NANOSECONDS);
            return;
        }
        if (allowance != null) {
            credit--;
        }
        serve(ctx, msg);
    }

    private void countThrottled() {
        throttled.increment();
        observer.throttled();
    }

    /** Serves the waiting lines as the rate allows; reading resumes when none is left. */
    private void drain(ChannelHandlerContext ctx) {
        try {
            drainNow(ctx);
        } catch (RuntimeException e) { // not in the pipeline's own call: exceptionCaught would not see it
            LOG.debug("lookup connection from {} failed: {}", ctx.channel().remoteAddress(), e.toString());
            ctx.close();
        }
    }

    private void drainNow(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive() || closing) {
            deferred.clear();
            return;
        }
        while (!deferred.isEmpty() && !closing) {
            if (credit == 0 && (credit = allowance.grant(GRANT)) == 0) {
                if (pending != null) {
                    flushPending(ctx);
                }
                ctx.executor().schedule(() -> drain(ctx), Math.max(allowance.waitNanos(), MIN_WAIT_NANOS),
                        TimeUnit.NANOSECONDS);
                return;
            }
            credit--;
            serve(ctx, deferred.poll());
        }
        if (pending != null) {
            flushPending(ctx);
        }
        if (!closing) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void serve(ChannelHandlerContext ctx, Object msg) {
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
            deferred.clear();
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
        deferred.clear();
        if (allowance != null) {
            allowance.refund(credit);
            rateLimit.release(client);
            allowance = null;
        }
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
