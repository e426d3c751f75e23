package org.thor.dns;

import java.util.concurrent.atomic.LongAdder;

/** Counters of a running {@link DnsServer}, for tests and, later, metrics. */
public final class DnsStats {

    final LongAdder udpResponses = new LongAdder();
    final LongAdder tcpResponses = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder failures = new LongAdder();

    /** Responses sent in datagrams. */
    public long udpResponses() {
        return udpResponses.sum();
    }

    /** Responses sent over TCP. */
    public long tcpResponses() {
        return tcpResponses.sum();
    }

    /** Packets that got no response (shorter than a header, or a response themselves). */
    public long dropped() {
        return dropped.sum();
    }

    /** Packets whose handling threw: a bug; each is logged. */
    public long failures() {
        return failures.sum();
    }
}
