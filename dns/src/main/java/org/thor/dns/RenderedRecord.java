package org.thor.dns;

/**
 * One record of a snapshot in wire format, without its owner name: type, class, TTL, RDATA length
 * and RDATA, ready to be copied behind a compression pointer to the owner (RFC 1035 section 4.1.4).
 * Records whose RDATA names a host of the zone (SRV, NS) carry that host's address records, which
 * go to the additional section.
 *
 * @param body        TYPE, CLASS, TTL, RDLENGTH and RDATA as sent
 * @param nameOffset  offset in {@code body} of the host name inside the RDATA, -1 when none
 * @param nameWire    that host name in uncompressed wire format (null when none), written in full when
 *                    a pointer to it would not fit in 14 bits
 * @param additional  the host's A and AAAA sets (empty when the host is not in the zone)
 */
record RenderedRecord(byte[] body, int nameOffset, byte[] nameWire, RenderedSet[] additional) {

    static final RenderedSet[] NONE = new RenderedSet[0];
}
