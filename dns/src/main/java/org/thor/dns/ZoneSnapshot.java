package org.thor.dns;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The whole Thor zone at one moment, rendered to wire format once when membership changes so that
 * answering a query is lookups and byte copies. Immutable; built by {@link ZoneBuilder} and
 * published through a {@link ZoneDirectory}.
 *
 * <p>Names are keyed by their lower-case uncompressed wire form (RFC 4343: DNS names compare
 * without regard to ASCII case). A name present with no sets is an empty non-terminal such as
 * {@code _tcp.example.com} (RFC 8020): it exists, so it answers NODATA, not NXDOMAIN.
 */
public final class ZoneSnapshot {

    private final Name zone;
    private final byte[] zoneWire;
    private final int sliceSize;
    private final long serial;
    private final Map<String, RenderedSet[]> names;
    private final RenderedSet soa;
    private final List<Record> records;

    ZoneSnapshot(Name zone, int sliceSize, long serial, Map<String, RenderedSet[]> names, RenderedSet soa,
                 List<Record> records) {
        this.zone = zone;
        this.zoneWire = zone.toWireCanonical();
        this.sliceSize = sliceSize;
        this.serial = serial;
        this.names = Map.copyOf(names);
        this.soa = soa;
        this.records = List.copyOf(records);
    }

    public Name zone() {
        return zone;
    }

    /** SOA serial of this snapshot. */
    public long serial() {
        return serial;
    }

    /** K: the most records of a node list one answer carries. */
    public int sliceSize() {
        return sliceSize;
    }

    /** Every record of the zone, unsliced, SOA first: what {@code thor dns-server --print-zone} prints. */
    public List<Record> records() {
        return records;
    }

    /** Number of names that exist (including empty non-terminals). */
    public int nameCount() {
        return names.size();
    }

    /** The zone name in lower-case wire format. */
    byte[] zoneWire() {
        return zoneWire;
    }

    RenderedSet soa() {
        return soa;
    }

    /** The sets at a name given in lower-case wire format; null when the name does not exist. */
    RenderedSet[] find(byte[] lowerWire, int length) {
        return names.get(new String(lowerWire, 0, length, StandardCharsets.ISO_8859_1));
    }

    static String key(Name name) {
        return new String(name.toWireCanonical(), StandardCharsets.ISO_8859_1);
    }
}
