package org.thor.overlay.event;

import org.thor.overlay.membership.MembershipSettings;

import java.time.Duration;

/**
 * Settings of an event server, with their defaults.
 *
 * @param host                 address to listen on (default {@code 0.0.0.0})
 * @param port                 TCP port (default 8000, as in SIP Thor; 0 picks a free port)
 * @param maxFrameLength       longest frame in bytes after the length prefix (default 64 KiB, 256 B..16 MiB);
 *                             a longer one closes the connection
 * @param maxSubscriberBacklog bytes queued for one subscriber before it is disconnected as too slow
 *                             (default 16 MiB); it reconnects and still gets events from the other servers
 * @param idleTimeout          a connection silent this long is closed (default 90 s; clients ping every 30 s)
 * @param handshakeTimeout     a TLS handshake not done by then is abandoned (default 10 s)
 * @param membership           silence timeout and report interval of the connectivity reports
 *                             (see {@code MembershipSettings}; defaults 2 s and 500 ms)
 */
public record EventServerConfig(String host, int port, int maxFrameLength, long maxSubscriberBacklog,
                                Duration idleTimeout, Duration handshakeTimeout, MembershipSettings membership) {

    public static final int DEFAULT_PORT = 8000;
    public static final int DEFAULT_MAX_FRAME_LENGTH = 64 * 1024;

    public EventServerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("event server host is missing");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("event server port must be 0..65535, got " + port);
        }
        if (maxFrameLength < 256 || maxFrameLength > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("event server max frame length must be 256..16777216 bytes, got " + maxFrameLength);
        }
        if (maxSubscriberBacklog < maxFrameLength) {
            throw new IllegalArgumentException("event server max subscriber backlog must be at least the max frame length ("
                    + maxFrameLength + "), got " + maxSubscriberBacklog);
        }
        requirePositive("idle timeout", idleTimeout);
        requirePositive("handshake timeout", handshakeTimeout);
        if (membership == null) {
            throw new IllegalArgumentException("event server membership settings are missing");
        }
    }

    public static EventServerConfig defaults() {
        return new EventServerConfig("0.0.0.0", DEFAULT_PORT, DEFAULT_MAX_FRAME_LENGTH, 16L * 1024 * 1024,
                Duration.ofSeconds(90), Duration.ofSeconds(10), MembershipSettings.defaults(1));
    }

    public EventServerConfig withAddress(String newHost, int newPort) {
        return new EventServerConfig(newHost, newPort, maxFrameLength, maxSubscriberBacklog, idleTimeout, handshakeTimeout, membership);
    }

    public EventServerConfig withMaxFrameLength(int length) {
        return new EventServerConfig(host, port, length, Math.max(maxSubscriberBacklog, length), idleTimeout, handshakeTimeout, membership);
    }

    public EventServerConfig withMembership(MembershipSettings settings) {
        return new EventServerConfig(host, port, maxFrameLength, maxSubscriberBacklog, idleTimeout, handshakeTimeout, settings);
    }

    public EventServerConfig withIdleTimeout(Duration timeout) {
        return new EventServerConfig(host, port, maxFrameLength, maxSubscriberBacklog, timeout, handshakeTimeout, membership);
    }

    private static void requirePositive(String what, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("event server " + what + " must be positive, got " + value);
        }
    }
}
