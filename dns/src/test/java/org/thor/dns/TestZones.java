package org.thor.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.thor.overlay.member.Member;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/** Memberships and query helpers shared by the dns tests. Addresses are documentation ranges (RFC 5737, 3849). */
final class TestZones {

    static final String ZONE = "example.com";

    private TestZones() {
    }

    /** {@code count} SIP proxies p1..pN at 192.0.2.N, port 5060 under the role name. */
    static List<Member> sipProxies(int count) {
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            members.add(new Member("p" + i, "192.0.2." + i, Set.of("sip_proxy"), Map.of("sip_proxy", 5060)));
        }
        return members;
    }

    /** A small network with one member of every kind the table knows. */
    static List<Member> mixed() {
        List<Member> members = new ArrayList<>(sipProxies(3));
        members.add(new Member("tls1", "192.0.2.50", Set.of("sip_proxy"),
                Map.of("sip_udp", 5070, "sip_tcp", 5071, "sips", 5072)));
        members.add(new Member("ev1", "192.0.2.61", Set.of("thor_eventserver"), Map.of("eventserver", 8000)));
        members.add(new Member("ev2", "192.0.2.62", Set.of("thor_eventserver"), Map.of("eventserver", 8001)));
        members.add(new Member("ns1", "192.0.2.53", Set.of("dns"), Map.of()));
        members.add(new Member("ns2", "2001:db8::53", Set.of("dns"), Map.of()));
        members.add(new Member("vm1", "2001:db8::70", Set.of("voicemail_server"), Map.of("voicemail_server", 5070)));
        members.add(new Member("ngn1", "192.0.2.80", Set.of("provisioning_server"), Map.of("provisioning_server", 9200)));
        members.add(new Member("xcap1", "xcap.example.net", Set.of("xcap_server"), Map.of("xcap_server", 443)));
        return members;
    }

    static ZoneSnapshot zone(List<Member> members) {
        return new ZoneBuilder(ZoneConfig.defaults(ZONE), RoleRecordTable.defaults()).build(members);
    }

    static ZoneSnapshot zone(List<Member> members, int slice) {
        return new ZoneBuilder(ZoneConfig.defaults(ZONE).withSliceSize(slice), RoleRecordTable.defaults()).build(members);
    }

    static Name name(String s) {
        try {
            return Name.fromString(s, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static Message query(String name, int type) {
        return Message.newQuery(Record.newRecord(name(name), type, DClass.IN));
    }

    static Message ednsQuery(String name, int type, int payload) {
        Message m = query(name, type);
        m.addRecord(new OPTRecord(payload, 0, 0, 0), Section.ADDITIONAL);
        return m;
    }

    /** Runs a query through the responder: dnsjava message in, dnsjava message out (null when dropped). */
    static Message ask(DnsResponder responder, Message query, boolean udp) {
        return parse(respond(responder, query.toWire(), udp));
    }

    /** Raw bytes in, raw bytes out (null when dropped). */
    static byte[] respond(DnsResponder responder, byte[] query, boolean udp) {
        ByteBuf in = Unpooled.wrappedBuffer(query);
        ByteBuf out = Unpooled.buffer(512);
        try {
            return responder.respond(in, out, udp) ? ByteBufUtil.getBytes(out) : null;
        } finally {
            out.release();
        }
    }

    static Message parse(byte[] wire) {
        if (wire == null) {
            return null;
        }
        try {
            return new Message(wire);
        } catch (IOException e) {
            throw new UncheckedIOException("response does not parse", e);
        }
    }
}
