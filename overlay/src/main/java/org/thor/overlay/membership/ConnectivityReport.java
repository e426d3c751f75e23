package org.thor.overlay.membership;

import java.util.Objects;
import java.util.Set;

/**
 * What one event server sees, on the {@code Thor.Connectivity} topic: the members connected to it
 * that it has heard from within the silence timeout. An event server sends a report whenever
 * that set changes (a connection closes: a crashed member is gone at once) and periodically (so a
 * manager can tell a live server from a dead one).
 *
 * @param eventServer the reporting event server's id
 * @param sequence    increases with every report of one event server run
 * @param seen        ids of the members the server sees
 */
public record ConnectivityReport(String eventServer, long sequence, Set<String> seen) {

    public ConnectivityReport {
        Objects.requireNonNull(eventServer, "eventServer");
        seen = Set.copyOf(seen);
    }
}
