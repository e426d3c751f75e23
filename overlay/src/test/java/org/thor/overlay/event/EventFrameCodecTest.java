package org.thor.overlay.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventFrameCodecTest {

    private static EmbeddedChannel channel(int maxFrameLength) {
        return new EmbeddedChannel(EventFrameCodec.frameDecoder(maxFrameLength), new EventFrameCodec());
    }

    private static final Event EVENT = new Event("Thor.Statistics", new EventId("node1", 1700000000000L, 42),
            "{\"calls\":3}".getBytes(StandardCharsets.UTF_8));

    @Test
    void publishHasTheDocumentedBytes() {
        ByteBuf bytes = EventFrameCodec.encode(ByteBufAllocator.DEFAULT, new EventFrame.Publish(EVENT));
        try {
            int expectedLength = 1 + 2 + 15 + 2 + 5 + 8 + 8 + 11;
            assertThat(bytes.readInt()).isEqualTo(expectedLength);
            assertThat(bytes.readByte()).isEqualTo((byte) EventFrameCodec.PUBLISH);
            assertThat(bytes.readShort()).isEqualTo((short) 15);
            assertThat(bytes.readCharSequence(15, StandardCharsets.UTF_8).toString()).isEqualTo("Thor.Statistics");
            assertThat(bytes.readShort()).isEqualTo((short) 5);
            assertThat(bytes.readCharSequence(5, StandardCharsets.UTF_8).toString()).isEqualTo("node1");
            assertThat(bytes.readLong()).isEqualTo(1700000000000L);
            assertThat(bytes.readLong()).isEqualTo(42L);
            assertThat(bytes.readCharSequence(11, StandardCharsets.UTF_8).toString()).isEqualTo("{\"calls\":3}");
            assertThat(bytes.isReadable()).isFalse();
        } finally {
            bytes.release();
        }
    }

    @Test
    void everyFrameSurvivesARoundTripDeliveredByteByByte() {
        EmbeddedChannel ch = channel(1024);
        EventFrame[] frames = {new EventFrame.Subscribe("Thor.Presence"), new EventFrame.Unsubscribe("Thor.Presence"),
            new EventFrame.Subscribed("Thor.Presence"), new EventFrame.Refused("publish: no"), new EventFrame.Ping(),
            new EventFrame.Deliver(EVENT), new EventFrame.Publish(EVENT)};
        for (EventFrame frame : frames) {
            ByteBuf bytes = EventFrameCodec.encode(ByteBufAllocator.DEFAULT, frame);
            while (bytes.isReadable()) {
                ch.writeInbound(bytes.readRetainedSlice(1));
            }
            bytes.release();
            EventFrame decoded = ch.readInbound();
            if (frame instanceof EventFrame.Deliver d) {
                Event e = ((EventFrame.Deliver) decoded).event();
                assertThat(e.id()).isEqualTo(d.event().id());
                assertThat(e.payload()).isEqualTo(d.event().payload());
            } else if (frame instanceof EventFrame.Publish p) {
                assertThat(((EventFrame.Publish) decoded).event().id()).isEqualTo(p.event().id());
            } else {
                assertThat(decoded).isEqualTo(frame);
            }
        }
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aFrameLongerThanTheMaximumIsRefusedBeforeItArrives() {
        EmbeddedChannel ch = channel(256);
        ByteBuf header = Unpooled.buffer().writeInt(10 * 1024 * 1024).writeByte(EventFrameCodec.PUBLISH);
        assertThatThrownBy(() -> ch.writeInbound(header)).isInstanceOf(TooLongFrameException.class);
        ch.finishAndReleaseAll();
    }

    @Test
    void garbageIsACorruptFrame() {
        assertThatThrownBy(() -> channel(256).writeInbound(Unpooled.buffer().writeInt(3).writeByte(99).writeShort(0)))
                .isInstanceOf(DecoderException.class).hasMessageContaining("unknown frame type 99");
        assertThatThrownBy(() -> channel(256).writeInbound(Unpooled.buffer().writeInt(3).writeByte(1).writeShort(40)))
                .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("topic of 40 bytes runs past the end");
        assertThatThrownBy(() -> channel(256).writeInbound(Unpooled.buffer().writeInt(0)))
                .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("empty frame");
        assertThatThrownBy(() -> channel(256).writeInbound(Unpooled.buffer().writeInt(2).writeByte(7).writeByte(0)))
                .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("1 bytes after a frame of type 7");
        ByteBuf noId = Unpooled.buffer().writeInt(1 + 2 + 1 + 2 + 1 + 4).writeByte(3).writeShort(1).writeByte('t')
                .writeShort(1).writeByte('p').writeInt(7);
        assertThatThrownBy(() -> channel(256).writeInbound(noId))
                .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("ends inside its id");
    }

    @Test
    void aPartialFrameWaitsForTheRest() {
        EmbeddedChannel ch = channel(256);
        ByteBuf bytes = EventFrameCodec.encode(ByteBufAllocator.DEFAULT, new EventFrame.Subscribe("Thor.Members"));
        ch.writeInbound(bytes.readRetainedSlice(6));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(bytes);
        assertThat((Object) ch.readInbound()).isEqualTo(new EventFrame.Subscribe("Thor.Members"));
        assertThat(ch.finish()).isFalse();
    }
}
