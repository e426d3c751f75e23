package org.thor.overlay.event;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the event client every member runs.
 *
 * @param servers        the event servers; the client connects to all of them
 * @param maxFrameLength longest frame accepted from a server (default 64 KiB)
 * @param initialBackoff wait before the first reconnect (default 100 ms); doubled after each failure
 * @param maxBackoff     longest wait between reconnects (default 5 s); each wait is jittered by up to 25 %
 * @param pingInterval   a ping is sent when nothing was written for this long (default 30 s)
 * @param dedupPublishers publishers the de-duplication remembers (default 4096)
 * @param dedupWindow    sequences per publisher it remembers, a multiple of 64 (default 4096)
 */
public record EventClientConfig(List<InetSocketAddress> servers, int maxFrameLength, Duration initialBackoff,
                                Duration maxBackoff, Duration pingInterval, int dedupPublishers, int dedupWindow) {

    public EventClientConfig {
        if (servers == null || servers.isEmpty()) {
            throw new IllegalArgumentException("event client needs at least one event server");
        }
        servers = List.copyOf(servers);
        if (maxFrameLength < 256) {
            throw new IllegalArgumentException("event client max frame length must be at least 256, got " + maxFrameLength);
        }
        if (initialBackoff == null || initialBackoff.isNegative() || initialBackoff.isZero()
                || maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("event client backoff must satisfy 0 < initial <= max, got "
                    + initialBackoff + " and " + maxBackoff);
        }
        if (pingInterval == null || pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("event client ping interval must be positive, got " + pingInterval);
        }
    }

    public static EventClientConfig of(List<InetSocketAddress> servers) {
        return new EventClientConfig(servers, EventServerConfig.DEFAULT_MAX_FRAME_LENGTH, Duration.ofMillis(100),
                Duration.ofSeconds(5), Duration.ofSeconds(30), 4096, 4096);
    }

    public EventClientConfig withBackoff(Duration initial, Duration max) {
        return new EventClientConfig(servers, maxFrameLength, initial, max, pingInterval, dedupPublishers, dedupWindow);
    }
}
