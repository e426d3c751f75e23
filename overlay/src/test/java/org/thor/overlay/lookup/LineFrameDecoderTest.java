package org.thor.overlay.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineFrameDecoderTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new LineFrameDecoder(64));

    private void write(String s) {
        channel.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }

    private void write(byte... bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    @Test
    void splitsLinesAndDropsCarriageReturns() {
        write("help\r\nlookup a for b\n");
        assertThat((Object) channel.readInbound()).isEqualTo("help");
        assertThat((Object) channel.readInbound()).isEqualTo("lookup a for b");
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void joinsPartialFrames() {
        write("look");
        assertThat((Object) channel.readInbound()).isNull();
        write("up x for ");
        write("y\nhe");
        assertThat((Object) channel.readInbound()).isEqualTo("lookup x for y");
        write("lp\n");
        assertThat((Object) channel.readInbound()).isEqualTo("help");
    }

    @Test
    void anOverLongLineIsOneErrorAndTheNextLineIsServed() {
        write("x".repeat(40));
        write("x".repeat(40));
        assertThat((Object) channel.readInbound()).isEqualTo(new LineFrameDecoder.BadLine("line longer than 64 bytes"));
        write("x".repeat(500));
        assertThat((Object) channel.readInbound()).isNull();
        write("xxx\nhelp\n");
        assertThat((Object) channel.readInbound()).isEqualTo("help");
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void anOverLongLineArrivingWholeIsOneError() {
        write("y".repeat(65) + "\nhelp\n");
        assertThat((Object) channel.readInbound()).isEqualTo(new LineFrameDecoder.BadLine("line longer than 64 bytes"));
        assertThat((Object) channel.readInbound()).isEqualTo("help");
    }

    @Test
    void aLineOfExactlyTheLimitIsServed() {
        write("z".repeat(64) + "\r\n");
        assertThat((Object) channel.readInbound()).isEqualTo("z".repeat(64));
    }

    @Test
    void invalidUtf8AndControlCharactersAreErrors() {
        write((byte) 'a', (byte) 0xc3, (byte) 0x28, (byte) '\n');
        assertThat((Object) channel.readInbound()).isEqualTo(new LineFrameDecoder.BadLine("line is not valid UTF-8"));
        write((byte) 'a', (byte) 0, (byte) 'b', (byte) '\n');
        assertThat((Object) channel.readInbound()).isEqualTo(new LineFrameDecoder.BadLine("control character in line"));
        write("lookup sip_proxy for jürgen@münchen.de\n");
        assertThat((Object) channel.readInbound()).isEqualTo("lookup sip_proxy for jürgen@münchen.de");
    }
}
