package org.thor.overlay.event;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thor.overlay.tls.CertificateProfile;
import org.thor.overlay.tls.MemberIdentity;
import org.thor.overlay.tls.TlsMaterial;

/**
 * The client's connection to one event server, kept up for the life of the client: after a
 * failed connect or a lost connection it waits (initial backoff, doubled up to the maximum, each
 * wait jittered by up to 25 % so that members do not reconnect in step) and tries again. The link
 * is ready once TLS is up and the server's certificate carries the role thor_eventserver; it then
 * subscribes to every topic of the client.
 */
final class ServerLink {

    private static final Logger LOG = LoggerFactory.getLogger(ServerLink.class);

    private final EventClient client;
    private final InetSocketAddress address;
    private final Bootstrap bootstrap;
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private volatile Channel ready;
    private volatile X509Certificate serverCertificate;
    private volatile boolean retired;
    private long backoffMillis;
    private int failures;

    ServerLink(EventClient client, InetSocketAddress address, Bootstrap bootstrap, boolean plaintext) {
        this.client = client;
        this.address = address;
        this.backoffMillis = client.config().initialBackoff().toMillis();
        long pingMillis = client.config().pingInterval().toMillis();
        int maxFrame = client.config().maxFrameLength();
        this.bootstrap = bootstrap.handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ChannelPipeline p = ch.pipeline();
                if (!plaintext) {
                    p.addLast("tls", client.tls().current().clientContext()
                            .newHandler(ch.alloc(), address.getHostString(), address.getPort()));
                }
                p.addLast("idle", new IdleStateHandler(0, pingMillis, 0, TimeUnit.MILLISECONDS));
                p.addLast("frames", EventFrameCodec.frameDecoder(maxFrame));
                p.addLast("codec", new EventFrameCodec());
                p.addLast("link", new LinkHandler(plaintext));
            }
        });
    }

    void connect() {
        if (stopped()) {
            return;
        }
        ChannelFuture future = bootstrap.connect(address);
        future.addListener(f -> {
            if (!f.isSuccess()) {
                failed("cannot connect: " + f.cause().getMessage());
                scheduleReconnect();
            }
        });
    }

    private synchronized void failed(String why) {
        failures++;
        if (failures == 1) {
            LOG.warn("event server {}: {}; retrying with backoff", address, why);
        } else {
            LOG.debug("event server {}: {} (failure {})", address, why, failures);
        }
    }

    private void scheduleReconnect() {
        if (stopped()) {
            return;
        }
        long delay;
        synchronized (this) {
            delay = backoffMillis + ThreadLocalRandom.current().nextLong(backoffMillis / 4 + 1);
            backoffMillis = Math.min(backoffMillis * 2, client.config().maxBackoff().toMillis());
        }
        bootstrap.config().group().schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void onReady(Channel channel, X509Certificate certificate) {
        if (stopped()) {
            channel.close(); // a connect that was in flight when the client closed or the server was retired
            return;
        }
        synchronized (this) {
            backoffMillis = client.config().initialBackoff().toMillis();
            if (failures > 0) {
                LOG.info("event server {}: connected again after {} failures", address, failures);
            }
            failures = 0;
        }
        serverCertificate = certificate;
        ready = channel;
        if (stopped()) { // retired or closed between the check above and now: close() may have missed it
            ready = null;
            channel.close();
            return;
        }
        for (String topic : client.topics()) {
            channel.write(new EventFrame.Subscribe(topic));
        }
        channel.flush();
        try {
            client.listener().onConnected(address);
        } catch (RuntimeException e) {
            LOG.warn("event server {}: the connection listener failed: {}", address, e.toString());
        }
    }

    boolean isReady() {
        Channel channel = ready;
        return channel != null && channel.isActive();
    }

    boolean confirmed(String topic) {
        return isReady() && confirmed.contains(topic);
    }

    void send(EventFrame frame) {
        Channel channel = ready;
        if (channel != null) {
            channel.writeAndFlush(frame, channel.voidPromise());
        }
    }

    void unsubscribed(String topic) {
        confirmed.remove(topic);
        send(new EventFrame.Unsubscribe(topic));
    }

    boolean sendEncoded(ByteBuf frame) {
        Channel channel = ready;
        if (channel == null || !channel.isActive()) {
            return false;
        }
        channel.writeAndFlush(frame.retainedDuplicate(), channel.voidPromise());
        return true;
    }

    void closeIfRevoked(TlsMaterial material) {
        Channel channel = ready;
        X509Certificate certificate = serverCertificate;
        if (channel != null && certificate != null && material.isRevoked(certificate)) {
            LOG.warn("event server {}: its certificate (serial {}) is revoked, disconnecting", address,
                    certificate.getSerialNumber().toString(16));
            channel.close();
        }
    }

    /** Whether this link no longer connects: its client closed, or its server is no longer listed. */
    private boolean stopped() {
        return retired || client.isClosed();
    }

    InetSocketAddress address() {
        return address;
    }

    /** The server is no longer one of the client's: disconnect and do not reconnect. */
    void retire() {
        retired = true;
        close();
    }

    void close() {
        Channel channel = ready;
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }

    private final class LinkHandler extends ChannelInboundHandlerAdapter {

        private final boolean plaintext;

        LinkHandler(boolean plaintext) {
            this.plaintext = plaintext;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (plaintext) {
                onReady(ctx.channel(), null); // benchmark over plain TCP: nothing to check
            }
            super.channelActive(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent handshake) {
                if (!handshake.isSuccess()) {
                    failed("TLS handshake failed: " + EventServerHandler.rootMessage(handshake.cause()));
                    ctx.close();
                    return;
                }
                X509Certificate certificate = (X509Certificate) ctx.pipeline().get(SslHandler.class).engine().getSession()
                        .getPeerCertificates()[0];
                MemberIdentity server = MemberIdentity.of(certificate);
                if (!server.hasRole(CertificateProfile.EVENT_SERVER_ROLE)) {
                    failed(server.name() + " is not an event server (its certificate lacks the role "
                            + CertificateProfile.EVENT_SERVER_ROLE + ")");
                    ctx.close();
                    return;
                }
                onReady(ctx.channel(), certificate);
                return;
            }
            if (evt instanceof IdleStateEvent) {
                ctx.writeAndFlush(new EventFrame.Ping(), ctx.voidPromise());
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof EventFrame.Deliver deliver) {
                client.receive(deliver.event());
            } else if (msg instanceof EventFrame.Subscribed subscribed) {
                if (client.topics().contains(subscribed.topic())) {
                    confirmed.add(subscribed.topic());
                }
            } else if (msg instanceof EventFrame.Refused refused) {
                LOG.warn("event server {} refused: {}", address, refused.reason());
                client.listener().onRefused(address, refused.reason());
            } else {
                LOG.warn("event server {} sent an unexpected {}; disconnecting", address, msg.getClass().getSimpleName());
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (ready == ctx.channel()) {
                ready = null;
                confirmed.clear();
                if (!stopped()) {
                    failed("connection lost");
                }
            }
            scheduleReconnect();
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("event server {}: {}", address, EventServerHandler.rootMessage(cause));
            ctx.close();
        }
    }
}
