package org.thor.overlay.event;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.MessageToMessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Bytes of the event protocol. Every frame is
 *
 * <pre>
 * uint32 length     bytes that follow (at most the configured maximum frame length)
 * uint8  type       1 SUBSCRIBE, 2 UNSUBSCRIBE, 3 PUBLISH, 4 DELIVER, 5 SUBSCRIBED, 6 REFUSED, 7 PING
 * ...    body       SUBSCRIBE, UNSUBSCRIBE, SUBSCRIBED: topic
 *                   PUBLISH, DELIVER: topic, publisher, int64 epoch, int64 sequence, payload (the rest)
 *                   REFUSED: reason;  PING: nothing
 * </pre>
 * A string is a uint16 byte count and that many bytes of UTF-8. Integers are big-endian. A frame
 * with an unknown type, a string running past its end, or bytes left over is corrupt and closes
 * the connection. Used after a {@link #frameDecoder(int)} that strips the length.
 */
public final class EventFrameCodec extends MessageToMessageCodec<ByteBuf, EventFrame> {

    static final int SUBSCRIBE = 1;
    static final int UNSUBSCRIBE = 2;
    static final int PUBLISH = 3;
    static final int DELIVER = 4;
    static final int SUBSCRIBED = 5;
    static final int REFUSED = 6;
    static final int PING = 7;

    /** The decoder that cuts the stream into frames and refuses any longer than {@code maxFrameLength}. */
    public static LengthFieldBasedFrameDecoder frameDecoder(int maxFrameLength) {
        return new LengthFieldBasedFrameDecoder(maxFrameLength + 4, 0, 4, 0, 4, true);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, EventFrame frame, List<Object> out) {
        out.add(encode(ctx.alloc(), frame));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf body, List<Object> out) {
        out.add(decode(body));
    }

    /** The frame with its length prefix. */
    public static ByteBuf encode(ByteBufAllocator alloc, EventFrame frame) {
        ByteBuf out = alloc.buffer(64);
        out.writeInt(0);
        if (frame instanceof EventFrame.Subscribe s) {
            writeTopicFrame(out, SUBSCRIBE, s.topic());
        } else if (frame instanceof EventFrame.Unsubscribe u) {
            writeTopicFrame(out, UNSUBSCRIBE, u.topic());
        } else if (frame instanceof EventFrame.Subscribed s) {
            writeTopicFrame(out, SUBSCRIBED, s.topic());
        } else if (frame instanceof EventFrame.Publish p) {
            writeEvent(out, PUBLISH, p.event());
        } else if (frame instanceof EventFrame.Deliver d) {
            writeEvent(out, DELIVER, d.event());
        } else if (frame instanceof EventFrame.Refused r) {
            out.writeByte(REFUSED);
            writeString(out, r.reason());
        } else {
            out.writeByte(PING);
        }
        out.setInt(0, out.readableBytes() - 4);
        return out;
    }

    /** One frame body (without the length). */
    public static EventFrame decode(ByteBuf body) {
        if (!body.isReadable()) {
            throw new CorruptedFrameException("empty frame");
        }
        int type = body.readUnsignedByte();
        EventFrame frame = switch (type) {
            case SUBSCRIBE -> new EventFrame.Subscribe(readString(body, "topic"));
            case UNSUBSCRIBE -> new EventFrame.Unsubscribe(readString(body, "topic"));
            case SUBSCRIBED -> new EventFrame.Subscribed(readString(body, "topic"));
            case PUBLISH -> new EventFrame.Publish(readEvent(body));
            case DELIVER -> new EventFrame.Deliver(readEvent(body));
            case REFUSED -> new EventFrame.Refused(readString(body, "reason"));
            case PING -> new EventFrame.Ping();
            default -> throw new CorruptedFrameException("unknown frame type " + type);
        };
        if (body.isReadable()) {
            throw new CorruptedFrameException(body.readableBytes() + " bytes after a frame of type " + type);
        }
        return frame;
    }

    private static void writeTopicFrame(ByteBuf out, int type, String topic) {
        out.writeByte(type);
        writeString(out, topic);
    }

    private static void writeEvent(ByteBuf out, int type, Event event) {
        out.writeByte(type);
        writeString(out, event.topic());
        writeString(out, event.id().publisher());
        out.writeLong(event.id().epoch());
        out.writeLong(event.id().sequence());
        out.writeBytes(event.payload());
    }

    private static Event readEvent(ByteBuf body) {
        String topic = readString(body, "topic");
        String publisher = readString(body, "publisher");
        if (body.readableBytes() < 16) {
            throw new CorruptedFrameException("event frame ends inside its id");
        }
        long epoch = body.readLong();
        long sequence = body.readLong();
        byte[] payload = ByteBufUtil.getBytes(body);
        body.skipBytes(payload.length);
        try {
            return new Event(topic, new EventId(publisher, epoch, sequence), payload);
        } catch (IllegalArgumentException e) {
            throw new CorruptedFrameException(e.getMessage());
        }
    }

    private static void writeString(ByteBuf out, String value) {
        int lengthAt = out.writerIndex();
        out.writeShort(0);
        int written = ByteBufUtil.writeUtf8(out, value);
        if (written > 0xffff) {
            throw new IllegalArgumentException("string of " + written + " bytes does not fit a frame field");
        }
        out.setShort(lengthAt, written);
    }

    private static String readString(ByteBuf body, String what) {
        if (body.readableBytes() < 2) {
            throw new CorruptedFrameException("frame ends before the " + what);
        }
        int length = body.readUnsignedShort();
        if (body.readableBytes() < length) {
            throw new CorruptedFrameException(what + " of " + length + " bytes runs past the end of the frame");
        }
        String value = body.toString(body.readerIndex(), length, StandardCharsets.UTF_8);
        body.skipBytes(length);
        return value;
    }
}
