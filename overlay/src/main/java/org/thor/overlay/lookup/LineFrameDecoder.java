package org.thor.overlay.lookup;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits the byte stream of a lookup connection into request lines.
 *
 * <p>A line ends with LF (a CR before it is dropped). Each complete line is passed on as a
 * {@link String}; a line that cannot be served is passed on, in its place in the stream, as a
 * {@link BadLine} so that the handler answers it with one error line and pipelined answers stay
 * in order. Bad lines: longer than the limit (the rest of it is discarded up to its LF), invalid
 * UTF-8, or containing control characters other than tab. The connection stays usable after any
 * of them.
 */
final class LineFrameDecoder extends ByteToMessageDecoder {

    /** A line the server answers with an error instead of a lookup. */
    record BadLine(String reason) {
    }

    private final int maxLength;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private boolean discarding;

    LineFrameDecoder(int maxLength) {
        this.maxLength = maxLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (discarding) {
                if (eol < 0) {
                    in.skipBytes(in.readableBytes());
                    return;
                }
                in.readerIndex(eol + 1);
                discarding = false;
                continue;
            }
            if (eol < 0) {
                if (in.readableBytes() > maxLength + 1) { // +1: room for a CR before the LF
                    out.add(new BadLine("line longer than " + maxLength + " bytes"));
                    in.skipBytes(in.readableBytes());
                    discarding = true;
                }
                return;
            }
            int start = in.readerIndex();
            int end = eol > start && in.getByte(eol - 1) == '\r' ? eol - 1 : eol;
            in.readerIndex(eol + 1);
            int length = end - start;
            if (length > maxLength) {
                out.add(new BadLine("line longer than " + maxLength + " bytes"));
            } else {
                out.add(decodeLine(in, start, length));
            }
        }
    }

    private Object decodeLine(ByteBuf in, int start, int length) {
        boolean ascii = true;
        for (int i = start; i < start + length; i++) {
            byte b = in.getByte(i);
            if (b < 0) {
                ascii = false;
            } else if ((b < 0x20 && b != '\t') || b == 0x7f) {
                return new BadLine("control character in line");
            }
        }
        if (ascii) {
            return in.toString(start, length, StandardCharsets.US_ASCII);
        }
        ByteBuffer bytes = in.nioBuffer(start, length);
        try {
            CharBuffer chars = utf8.reset().decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            return new BadLine("line is not valid UTF-8");
        }
    }
}
