package org.thor.dns;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Answers one DNS query from the current {@link ZoneSnapshot}, writing the response in wire format
 * straight into an output buffer: no message objects per query, only copies of records the snapshot
 * rendered in advance. Transport-independent; {@link DnsServer} feeds it UDP datagrams and TCP frames.
 *
 * <p>Behaviour (RFC 1035, 2181, 2308, 6891, 8020):
 * <ul>
 *   <li>names below the zone that exist answer their RRset (AA set); node lists (A, AAAA, SRV, NS)
 *       carry a random slice of at most K records in random order; SRV and NS answers carry the
 *       targets' addresses in the additional section, as many as fit;</li>
 *   <li>an existing name without the type asked (including empty non-terminals such as
 *       {@code _tcp.<zone>}) answers NODATA: NOERROR, no answer, the SOA in the authority section;
 *       a name that does not exist answers NXDOMAIN with the SOA;</li>
 *   <li>a name outside the zone, a class other than IN/ANY, or AXFR/IXFR answers REFUSED;</li>
 *   <li>an opcode other than QUERY answers NOTIMP; a malformed query whose header parses answers
 *       FORMERR; a packet shorter than a header, or a response, gets nothing;</li>
 *   <li>EDNS0: a query with an OPT record gets an OPT record back advertising our maximum UDP
 *       payload (DO bit echoed); a version other than 0 answers BADVERS;</li>
 *   <li>over UDP, an answer larger than 512 bytes (or the smaller of the client's EDNS0 size and
 *       ours) is replaced by an empty one with the TC bit, and the client retries over TCP where the
 *       full answer goes. Address records that do not fit in the additional section are left out
 *       without TC, as RFC 2181 section 9 allows.</li>
 * </ul>
 * Owner names are compression pointers to the question (offset 12) or into an earlier record;
 * SRV and NAPTR targets are never compressed (RFC 2782, RFC 3403).
 */
public final class DnsResponder {

    static final int NOERROR = 0;
    static final int FORMERR = 1;
    static final int NXDOMAIN = 3;
    static final int NOTIMP = 4;
    static final int REFUSED = 5;
    static final int BADVERS = 16;

    static final int UDP_PLAIN_LIMIT = 512;
    static final int TCP_LIMIT = 65535;
    private static final int OPT_SIZE = 11;
    private static final int TYPE_ANY = 255;
    private static final int CLASS_IN = 1;
    private static final int CLASS_ANY = 255;
    private static final int FLAG_QR = 0x8000;
    private static final int FLAG_AA = 0x0400;
    private static final int FLAG_TC = 0x0200;
    private static final int FLAG_RD = 0x0100;
    private static final int FLAG_CD = 0x0010;

    private static final FastThreadLocal<DnsQuery> QUERIES = new FastThreadLocal<>() {
        @Override
        protected DnsQuery initialValue() {
            return new DnsQuery();
        }
    };

    private final Supplier<ZoneSnapshot> zone;
    private final int ednsMaxPayload;

    /**
     * @param zone           the current zone, read once per query
     * @param ednsMaxPayload the largest UDP response we send to an EDNS0 client, 512..65535
     *                       (1232 is the DNS Flag Day 2020 value that avoids IP fragmentation)
     */
    public DnsResponder(Supplier<ZoneSnapshot> zone, int ednsMaxPayload) {
        if (ednsMaxPayload < 512 || ednsMaxPayload > 65535) {
            throw new IllegalArgumentException("EDNS0 max payload must be 512..65535, got " + ednsMaxPayload);
        }
        this.zone = zone;
        this.ednsMaxPayload = ednsMaxPayload;
    }

    /**
     * Writes the response to the query in {@code query}'s readable bytes into {@code out}.
     *
     * @param udp whether the response goes in a datagram (size limits and TC apply)
     * @return false when the packet gets no response (nothing was written)
     */
    public boolean respond(ByteBuf query, ByteBuf out, boolean udp) {
        DnsQuery q = QUERIES.get();
        switch (q.parse(query)) {
            case DROP:
                return false;
            case FORMAT_ERROR:
                writeHeader(out, q, FORMERR, 0, false);
                return true;
            case NOT_IMPLEMENTED:
                writeHeader(out, q, NOTIMP, 0, false);
                return true;
            default:
                break;
        }
        int start = out.writerIndex();
        if (q.edns && q.ednsVersion != 0) {
            writeHeaderAndQuestion(out, query, q, BADVERS, false);
            writeOpt(out, q, BADVERS);
            out.setShort(start + 10, 1);
            return true;
        }
        ZoneSnapshot snapshot = zone.get();
        int rcode = NOERROR;
        boolean refused = (q.qclass != CLASS_IN && q.qclass != CLASS_ANY) || !q.inZone(snapshot.zoneWire())
                || q.qtype == 251 || q.qtype == 252;
        if (refused) {
            writeHeaderAndQuestion(out, query, q, REFUSED, false);
            finish(out, start, q, 0, 0, 0);
            return true;
        }
        if (q.qtype == DnsQuery.TYPE_OPT || q.qtype == 249 || q.qtype == 250) {
            writeHeaderAndQuestion(out, query, q, FORMERR, false);
            finish(out, start, q, 0, 0, 0);
            return true;
        }
        if (q.qtype == 253 || q.qtype == 254) {
            writeHeaderAndQuestion(out, query, q, NOTIMP, false);
            finish(out, start, q, 0, 0, 0);
            return true;
        }
        RenderedSet[] sets = snapshot.find(q.name, q.nameLength);
        if (sets == null) {
            rcode = NXDOMAIN;
        }
        int limit = udp ? udpLimit(q) : TCP_LIMIT;
        int reserve = q.edns ? OPT_SIZE : 0;
        writeHeaderAndQuestion(out, query, q, rcode, true);
        int afterQuestion = out.writerIndex();
        int answers = 0;
        q.clearTargets();
        if (sets != null) {
            for (RenderedSet set : sets) {
                if (q.qtype == set.type() || q.qtype == TYPE_ANY) {
                    answers += writeSet(out, set, snapshot.sliceSize(), q);
                }
            }
        }
        int authority = 0;
        if (answers == 0) {
            int zoneOffset = DnsQuery.HEADER + q.nameLength - snapshot.zoneWire().length;
            RenderedRecord soa = snapshot.soa().records()[0];
            out.writeShort(0xC000 | zoneOffset);
            out.writeBytes(soa.body());
            authority = 1;
        }
        if (out.writerIndex() - start + reserve > limit) {
            q.clearTargets();
            out.writerIndex(afterQuestion);
            out.setShort(start + 2, out.getUnsignedShort(start + 2) | FLAG_TC);
            finish(out, start, q, 0, 0, 0);
            return true;
        }
        int additional = writeAdditional(out, start, q, limit - reserve);
        finish(out, start, q, answers, authority, additional);
        return true;
    }

    private int udpLimit(DnsQuery q) {
        return q.edns ? Math.min(Math.max(UDP_PLAIN_LIMIT, q.ednsPayload), ednsMaxPayload) : UDP_PLAIN_LIMIT;
    }

    /** Writes a random slice of the set (or all of it); returns the records written. */
    private static int writeSet(ByteBuf out, RenderedSet set, int k, DnsQuery q) {
        RenderedRecord[] records = set.records();
        int n = records.length;
        if (!set.sliced()) {
            for (RenderedRecord r : records) {
                writeAnswer(out, r, q);
            }
            return n;
        }
        int count = Math.min(k, n);
        int[] order = q.order(n);
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(n - i);
            int chosen = order[j];
            order[j] = order[i];
            order[i] = chosen;
            writeAnswer(out, records[chosen], q);
        }
        return count;
    }

    private static void writeAnswer(ByteBuf out, RenderedRecord r, DnsQuery q) {
        if (r.nameOffset() >= 0) {
            q.noteTarget(r, out.writerIndex() + 2 + r.nameOffset());
        }
        out.writeShort(0xC000 | DnsQuery.HEADER);
        out.writeBytes(r.body());
    }

    /**
     * Adds the addresses of the hosts the answer named (SRV and NS targets) while they fit under
     * {@code limit}; returns how many were added.
     */
    private static int writeAdditional(ByteBuf out, int start, DnsQuery q, int limit) {
        int added = 0;
        try {
            for (int t = 0; t < q.targetCount; t++) {
                RenderedRecord r = q.targets[t];
                int nameAt = q.targetAt[t] - start;
                boolean pointer = nameAt < 0x3FFF;
                for (RenderedSet set : r.additional()) {
                    for (RenderedRecord a : set.records()) {
                        int size = (pointer ? 2 : r.nameWire().length) + a.body().length;
                        if (out.writerIndex() - start + size > limit) {
                            return added;
                        }
                        if (pointer) {
                            out.writeShort(0xC000 | nameAt);
                        } else {
                            out.writeBytes(r.nameWire());
                        }
                        out.writeBytes(a.body());
                        added++;
                    }
                }
            }
            return added;
        } finally {
            q.clearTargets();
        }
    }

    private static void writeHeader(ByteBuf out, DnsQuery q, int rcode, int qdcount, boolean authoritative) {
        int flags = FLAG_QR | (q.opcode() << 11) | (q.flags & (FLAG_RD | FLAG_CD)) | (rcode & 0xF);
        if (authoritative) {
            flags |= FLAG_AA;
        }
        out.writeShort(q.id);
        out.writeShort(flags);
        out.writeShort(qdcount);
        out.writeShort(0);
        out.writeShort(0);
        out.writeShort(0);
    }

    private static void writeHeaderAndQuestion(ByteBuf out, ByteBuf query, DnsQuery q, int rcode, boolean authoritative) {
        writeHeader(out, q, rcode, 1, authoritative);
        out.writeBytes(query, query.readerIndex() + q.questionStart, q.questionEnd - q.questionStart);
    }

    private void finish(ByteBuf out, int start, DnsQuery q, int answers, int authority, int additional) {
        if (q.edns) {
            writeOpt(out, q, NOERROR);
            additional++;
        }
        out.setShort(start + 6, answers);
        out.setShort(start + 8, authority);
        out.setShort(start + 10, additional);
    }

    private void writeOpt(ByteBuf out, DnsQuery q, int rcode) {
        out.writeByte(0);
        out.writeShort(DnsQuery.TYPE_OPT);
        out.writeShort(ednsMaxPayload);
        out.writeByte(rcode >>> 4);
        out.writeByte(0);
        out.writeShort(q.dnssecOk ? 0x8000 : 0);
        out.writeShort(0);
    }
}
