package org.thor.dns;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * A query's header, question and EDNS0 OPT record (RFC 1035 section 4.1, RFC 6891), parsed in
 * place from the received bytes without building objects. One instance per thread is reused.
 *
 * <p>Strict where a mistake would make the answer wrong (exactly one question; no compression
 * pointer in it, since nothing precedes it to point at; no answer or authority records; at most one
 * OPT, owned by the root), lenient where it costs nothing (bytes after the last record are ignored,
 * non-OPT additional records are skipped).
 */
final class DnsQuery {

    static final int HEADER = 12;
    static final int TYPE_OPT = 41;

    enum Outcome {
        /** Not a query we may answer (too short for a header, or a response): send nothing. */
        DROP,
        /** The header parsed but the rest is malformed: answer FORMERR without a question. */
        FORMAT_ERROR,
        /** An opcode other than QUERY: answer NOTIMP without a question. */
        NOT_IMPLEMENTED,
        /** A well-formed standard query. */
        QUERY
    }

    int id;
    int flags;
    int questionStart;
    int questionEnd;
    /** Question name in lower case, uncompressed wire format. */
    final byte[] name = new byte[255];
    int nameLength;
    /** Offsets in {@link #name} where each label starts. */
    final int[] labelStarts = new int[128];
    int labelCount;
    int qtype;
    int qclass;
    boolean edns;
    int ednsPayload;
    int ednsVersion;
    boolean dnssecOk;
    /** Scratch for slicing: a permutation of record indexes. */
    int[] order = new int[64];

    /** Answer records written so far that name a host, and where that name starts in the output. */
    RenderedRecord[] targets = new RenderedRecord[16];
    int[] targetAt = new int[16];
    int targetCount;

    void noteTarget(RenderedRecord r, int nameIndex) {
        if (targetCount == targets.length) {
            targets = Arrays.copyOf(targets, targetCount * 2);
            targetAt = Arrays.copyOf(targetAt, targetCount * 2);
        }
        targets[targetCount] = r;
        targetAt[targetCount++] = nameIndex;
    }

    /** Forgets the noted records, so that a retired snapshot is not kept reachable by a thread. */
    void clearTargets() {
        Arrays.fill(targets, 0, targetCount, null);
        targetCount = 0;
    }

    /** Parses the readable bytes of {@code in}; offsets are relative to its reader index. */
    Outcome parse(ByteBuf in) {
        int base = in.readerIndex();
        int length = in.readableBytes();
        edns = false;
        nameLength = 0;
        labelCount = 0;
        if (length < HEADER) {
            return Outcome.DROP;
        }
        id = in.getUnsignedShort(base);
        flags = in.getUnsignedShort(base + 2);
        if ((flags & 0x8000) != 0) {
            return Outcome.DROP;
        }
        if (opcode() != 0) {
            return Outcome.NOT_IMPLEMENTED;
        }
        int qdcount = in.getUnsignedShort(base + 4);
        int ancount = in.getUnsignedShort(base + 6);
        int nscount = in.getUnsignedShort(base + 8);
        int arcount = in.getUnsignedShort(base + 10);
        if (qdcount != 1 || ancount != 0 || nscount != 0) {
            return Outcome.FORMAT_ERROR;
        }
        int pos = HEADER;
        questionStart = pos;
        while (true) {
            if (pos >= length) {
                return Outcome.FORMAT_ERROR;
            }
            int labelLength = in.getUnsignedByte(base + pos);
            if ((labelLength & 0xC0) != 0) {
                return Outcome.FORMAT_ERROR;
            }
            if (nameLength + 1 + labelLength > 255 || pos + 1 + labelLength > length) {
                return Outcome.FORMAT_ERROR;
            }
            name[nameLength] = (byte) labelLength;
            if (labelLength == 0) {
                nameLength++;
                pos++;
                break;
            }
            labelStarts[labelCount++] = nameLength;
            for (int i = 1; i <= labelLength; i++) {
                byte b = in.getByte(base + pos + i);
                name[nameLength + i] = b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
            }
            nameLength += 1 + labelLength;
            pos += 1 + labelLength;
        }
        if (pos + 4 > length) {
            return Outcome.FORMAT_ERROR;
        }
        qtype = in.getUnsignedShort(base + pos);
        qclass = in.getUnsignedShort(base + pos + 2);
        pos += 4;
        questionEnd = pos;
        for (int r = 0; r < arcount; r++) {
            boolean rootOwner = pos < length && in.getByte(base + pos) == 0;
            pos = skipName(in, base, pos, length);
            if (pos < 0 || pos + 10 > length) {
                return Outcome.FORMAT_ERROR;
            }
            int type = in.getUnsignedShort(base + pos);
            int rdlength = in.getUnsignedShort(base + pos + 8);
            if (pos + 10 + rdlength > length) {
                return Outcome.FORMAT_ERROR;
            }
            if (type == TYPE_OPT) {
                if (edns || !rootOwner) {
                    return Outcome.FORMAT_ERROR;
                }
                edns = true;
                ednsPayload = in.getUnsignedShort(base + pos + 2);
                long ttl = in.getUnsignedInt(base + pos + 4);
                ednsVersion = (int) ((ttl >>> 16) & 0xff);
                dnssecOk = (ttl & 0x8000) != 0;
            }
            pos += 10 + rdlength;
        }
        return Outcome.QUERY;
    }

    int opcode() {
        return (flags >>> 11) & 0xF;
    }

    /** Skips a possibly compressed name; -1 when it runs past the end or is not a name. */
    private static int skipName(ByteBuf in, int base, int pos, int length) {
        while (pos < length) {
            int b = in.getUnsignedByte(base + pos);
            if (b == 0) {
                return pos + 1;
            }
            if ((b & 0xC0) == 0xC0) {
                return pos + 2 <= length ? pos + 2 : -1;
            }
            if ((b & 0xC0) != 0) {
                return -1;
            }
            pos += 1 + b;
        }
        return -1;
    }

    /** Whether the question name is {@code zone} or below it; {@code zone} is lower-case wire format. */
    boolean inZone(byte[] zone) {
        int offset = nameLength - zone.length;
        if (offset < 0) {
            return false;
        }
        if (offset > 0 && !isLabelStart(offset)) {
            return false;
        }
        for (int i = 0; i < zone.length; i++) {
            if (name[offset + i] != zone[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean isLabelStart(int offset) {
        for (int i = 0; i < labelCount; i++) {
            if (labelStarts[i] == offset) {
                return true;
            }
        }
        return false;
    }

    int[] order(int size) {
        if (order.length < size) {
            order = new int[Math.max(size, order.length * 2)];
        }
        return order;
    }
}
