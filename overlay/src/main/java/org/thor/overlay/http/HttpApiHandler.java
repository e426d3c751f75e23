package org.thor.overlay.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts {@link HttpRouter} answers on the wire. One instance per connection, after
 * {@code HttpServerCodec} and {@code HttpObjectAggregator}: requests arrive whole and are answered
 * on the event loop in arrival order, so pipelined requests get their answers in order.
 *
 * <p>A request the codec could not parse (over-long request line → 414, over-long headers → 431,
 * anything else → 400) is answered with a JSON error and the connection closed, since the rest of
 * the stream cannot be trusted. Keep-alive follows the request (HTTP/1.1 default on, HTTP/1.0
 * default off).
 */
final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiHandler.class);

    private final HttpRouter router;

    HttpApiHandler(HttpRouter router) {
        this.router = router;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            // the codec's stand-in for an unparsable request carries no real version: answer in 1.1
            write(ctx, HttpVersion.HTTP_1_1, false, rejected(result.cause()), false);
            return;
        }
        HttpAnswer answer = router.route(request.method().name(), request.uri());
        write(ctx, request.protocolVersion(), HttpMethod.HEAD.equals(request.method()), answer,
                HttpUtil.isKeepAlive(request));
    }

    private static HttpAnswer rejected(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return HttpAnswer.error(414, "request line too long");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpAnswer.error(431, "request headers too large");
        }
        if (cause instanceof TooLongFrameException) {
            return HttpAnswer.error(413, "request too large");
        }
        return HttpAnswer.error(400, "bad request: " + cause.getMessage());
    }

    /**
     * The aggregator found a body over the limit: a JSON 413 like every other error. As Netty's
     * own answer does, a keep-alive connection whose body is still on its way stays open (the
     * aggregator skips the rest of the body, and closing with unread data would reset the
     * connection before the client read the 413); a whole request, or one that asked to close,
     * is answered and closed.
     */
    static void bodyTooLarge(ChannelHandlerContext ctx, HttpMessage request, int max) {
        boolean keepOpen = !(request instanceof FullHttpMessage)
                && (HttpUtil.is100ContinueExpected(request) || HttpUtil.isKeepAlive(request));
        write(ctx, request.protocolVersion(), false, HttpAnswer.error(413, "request body too large (limit " + max + " bytes)"),
                keepOpen);
    }

    private static void write(ChannelHandlerContext ctx, HttpVersion version, boolean head, HttpAnswer answer,
            boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(answer.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        answer.headers().forEach(response.headers()::set);
        if (keepAlive) {
            if (!version.isKeepAliveDefault()) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ChannelFuture done = ctx.writeAndFlush(response);
            done.addListener(ChannelFutureListener.CLOSE);
        }
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
        LOG.debug("closing HTTP connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
