package org.thor.dns;

/**
 * The records of one name and type (an RRset) in wire format.
 *
 * @param type     the RR type
 * @param records  every record of the set
 * @param sliced   whether an answer carries a random slice of at most K records in random order
 *                 (node lists: A, AAAA, SRV, NS) rather than the whole set as built (SOA, NAPTR)
 */
record RenderedSet(int type, RenderedRecord[] records, boolean sliced) {
}
