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
 * @param ratePerClient  request lines per second one client address may send over all its
 *                       connections (default 100,000; 0: no limit); a client over it is slowed
 *                       down (its connections are not read until its rate allows), never refused
 * @param burstPerClient lines a client may send at once beyond the steady rate (default 10,000)
 */
public record LookupServerConfig(String host, int port, int maxLineLength, int maxConnections, Duration idleTimeout,
        long ratePerClient, int burstPerClient) {

    public static final int DEFAULT_PORT = 9500;
    public static final long DEFAULT_RATE_PER_CLIENT = 100_000;
    public static final int DEFAULT_BURST_PER_CLIENT = 10_000;

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
        if (ratePerClient < 0 || ratePerClient > 1_000_000_000L) {
            throw new IllegalArgumentException("lookup rate per client must be 0 (no limit) to 1000000000 lines/s, got "
                    + ratePerClient);
        }
        if (burstPerClient < 1) {
            throw new IllegalArgumentException("lookup burst per client must be at least 1, got " + burstPerClient);
        }
    }

    public static LookupServerConfig defaults() {
        return new LookupServerConfig("0.0.0.0", DEFAULT_PORT, 1024, 1024, Duration.ofMinutes(5),
                DEFAULT_RATE_PER_CLIENT, DEFAULT_BURST_PER_CLIENT);
    }

    public LookupServerConfig withAddress(String newHost, int newPort) {
        return new LookupServerConfig(newHost, newPort, maxLineLength, maxConnections, idleTimeout, ratePerClient,
                burstPerClient);
    }

    public LookupServerConfig withMaxConnections(int max) {
        return new LookupServerConfig(host, port, maxLineLength, max, idleTimeout, ratePerClient, burstPerClient);
    }

    public LookupServerConfig withIdleTimeout(Duration timeout) {
        return new LookupServerConfig(host, port, maxLineLength, maxConnections, timeout, ratePerClient, burstPerClient);
    }

    /** {@code rate} lines per second per client address (0: no limit), bursts of {@code burst}. */
    public LookupServerConfig withRatePerClient(long rate, int burst) {
        return new LookupServerConfig(host, port, maxLineLength, maxConnections, idleTimeout, rate, burst);
    }
}
