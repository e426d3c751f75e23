package org.thor.overlay.lookup;

import java.time.Duration;

/**
 * Settings of the public lookup service, with their defaults.
 *
 * @param host           address to listen on (default {@code 0.0.0.0})
 * @param port           TCP port (default 9500, as in SIP Thor; 0 picks a free port)
 * @param maxLineLength  longest request line in bytes, terminator excluded (default 1024)
 * @param maxConnections connections served at once; more are answered with an error and closed (default 1024)
 * @param idleTimeout    a connection that sends nothing for this long is closed (default 5 minutes)
 */
public record LookupServerConfig(String host, int port, int maxLineLength, int maxConnections, Duration idleTimeout) {

    public static final int DEFAULT_PORT = 9500;

    public LookupServerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("lookup host is missing");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("lookup port must be 0..65535, got " + port);
        }
        if (maxLineLength < 64 || maxLineLength > 65536) {
            throw new IllegalArgumentException("lookup max line length must be 64..65536 bytes, got " + maxLineLength);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("lookup max connections must be at least 1, got " + maxConnections);
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("lookup idle timeout must be positive, got " + idleTimeout);
        }
    }

    public static LookupServerConfig defaults() {
        return new LookupServerConfig("0.0.0.0", DEFAULT_PORT, 1024, 1024, Duration.ofMinutes(5));
    }

    public LookupServerConfig withAddress(String newHost, int newPort) {
        return new LookupServerConfig(newHost, newPort, maxLineLength, maxConnections, idleTimeout);
    }

    public LookupServerConfig withMaxConnections(int max) {
        return new LookupServerConfig(host, port, maxLineLength, max, idleTimeout);
    }

    public LookupServerConfig withIdleTimeout(Duration timeout) {
        return new LookupServerConfig(host, port, maxLineLength, maxConnections, timeout);
    }
}
