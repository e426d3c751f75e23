package org.thor.overlay.event;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thor.overlay.tls.MemberIdentity;

/**
 * One member's connection to the event server. The member is known only after the TLS handshake
 * (its certificate was validated by the trust manager); every subscribe and publish is then
 * checked against {@link Topics}. Events written to subscribers while reading a batch from this
 * connection are flushed once when the batch is read.
 */
final class EventServerHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(EventServerHandler.class);

    private final EventHub hub;
    private final ConnectivityMonitor monitor;
    private final Set<Channel> toFlush = new LinkedHashSet<>();
    private MemberIdentity identity;

    EventServerHandler(EventHub hub, ConnectivityMonitor monitor, MemberIdentity plaintextIdentity) {
        this.hub = hub;
        this.monitor = monitor;
        this.identity = plaintextIdentity;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (identity != null) {
            ctx.channel().attr(EventHub.IDENTITY).set(identity); // benchmark over plain TCP
            monitor.connected(identity.name());
        }
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            if (!handshake.isSuccess()) {
                hub.rejectedHandshakes.incrementAndGet();
                LOG.info("refused TLS connection from {}: {}", ctx.channel().remoteAddress(), rootMessage(handshake.cause()));
                ctx.close();
                return;
            }
            try {
                Certificate[] peer = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
                X509Certificate certificate = (X509Certificate) peer[0];
                identity = MemberIdentity.of(certificate);
                ctx.channel().attr(EventHub.PEER_CERTIFICATE).set(certificate);
                ctx.channel().attr(EventHub.IDENTITY).set(identity);
                monitor.connected(identity.name());
                LOG.debug("member {} connected from {}", identity.name(), ctx.channel().remoteAddress());
            } catch (SSLPeerUnverifiedException | RuntimeException e) {
                hub.rejectedHandshakes.incrementAndGet();
                LOG.info("refused TLS connection from {}: {}", ctx.channel().remoteAddress(), e.getMessage());
                ctx.close();
            }
            return;
        }
        if (evt instanceof IdleStateEvent) {
            LOG.debug("closing idle event connection of {}", EventHub.name(ctx.channel()));
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (identity == null) {
            hub.protocolErrors.incrementAndGet();
            ctx.close();
            return;
        }
        monitor.heard(identity.name());
        if (msg instanceof EventFrame.Publish publish) {
            String refusal = Topics.mayPublish(identity, publish.event());
            if (refusal != null) {
                refuse(ctx, "publish " + publish.event().id() + " to " + publish.event().topic(), refusal);
                return;
            }
            toFlush.addAll(hub.fanOut(ctx.alloc(), publish.event()));
        } else if (msg instanceof EventFrame.Subscribe subscribe) {
            String refusal = Topics.maySubscribe(identity, subscribe.topic());
            if (refusal != null) {
                refuse(ctx, "subscribe to " + subscribe.topic(), refusal);
                return;
            }
            hub.subscribe(subscribe.topic(), ctx.channel());
            ctx.write(new EventFrame.Subscribed(subscribe.topic()));
            toFlush.add(ctx.channel());
        } else if (msg instanceof EventFrame.Unsubscribe unsubscribe) {
            hub.unsubscribe(unsubscribe.topic(), ctx.channel());
        } else if (!(msg instanceof EventFrame.Ping)) {
            hub.protocolErrors.incrementAndGet();
            LOG.info("closing the connection of {}: a client may not send {}", identity.name(), msg.getClass().getSimpleName());
            ctx.close();
        }
    }

    private void refuse(ChannelHandlerContext ctx, String what, String reason) {
        hub.refusedRequests.incrementAndGet();
        LOG.warn("refused {} by {}: {}", what, identity.name(), reason);
        ctx.write(new EventFrame.Refused(what + ": " + reason));
        toFlush.add(ctx.channel());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!toFlush.isEmpty()) {
            List<Channel> channels = List.copyOf(toFlush);
            toFlush.clear();
            for (Channel channel : channels) {
                channel.flush();
            }
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        hub.forget(ctx.channel());
        if (identity != null) {
            monitor.disconnected(identity.name());
            LOG.debug("member {} disconnected", identity.name());
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && !(cause.getCause() instanceof javax.net.ssl.SSLException)) {
            hub.protocolErrors.incrementAndGet();
        }
        LOG.info("closing the event connection of {} ({}): {}", EventHub.name(ctx.channel()), ctx.channel().remoteAddress(),
                rootMessage(cause));
        ctx.close();
    }

    static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == cause ? String.valueOf(cause) : cause.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
