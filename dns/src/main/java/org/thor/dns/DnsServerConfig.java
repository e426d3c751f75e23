package org.thor.dns;

import java.time.Duration;

/**
 * Settings of the thor-dns listener, with their defaults. What the zone contains is
 * {@link ZoneConfig}'s business.
 *
 * @param host              address to listen on (default {@code 0.0.0.0})
 * @param port              UDP and TCP port (default 53; 0 picks a port free for both)
 * @param ednsMaxPayload    largest UDP response to an EDNS0 client, advertised in our OPT record
 *                          (default 1232, the DNS Flag Day 2020 size that avoids IP fragmentation)
 * @param udpSockets        UDP sockets bound to the port with SO_REUSEPORT, each served by its own
 *                          event loop, so that UDP is answered on every core (default: the core count)
 * @param maxTcpConnections TCP connections served at once; more are closed at once (default 1024)
 * @param tcpIdleTimeout    a TCP connection that sends nothing for this long is closed (default 10 s,
 *                          RFC 7766 section 6.2.3 suggests seconds, not minutes)
 * @param maxTcpQuery       largest query accepted over TCP in bytes; a longer frame closes the
 *                          connection (default 4096; a query is one question plus an OPT record)
 */
public record DnsServerConfig(String host, int port, int ednsMaxPayload, int udpSockets, int maxTcpConnections,
                              Duration tcpIdleTimeout, int maxTcpQuery) {

    public static final int DEFAULT_PORT = 53;
    public static final int DEFAULT_EDNS_MAX_PAYLOAD = 1232;

    public DnsServerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("dns host is missing");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("dns port must be 0..65535, got " + port);
        }
        if (ednsMaxPayload < 512 || ednsMaxPayload > 65535) {
            throw new IllegalArgumentException("dns EDNS0 max payload must be 512..65535 bytes, got " + ednsMaxPayload);
        }
        if (udpSockets < 1 || udpSockets > 64) {
            throw new IllegalArgumentException("dns UDP sockets must be 1..64, got " + udpSockets);
        }
        if (maxTcpConnections < 1) {
            throw new IllegalArgumentException("dns max TCP connections must be at least 1, got " + maxTcpConnections);
        }
        if (tcpIdleTimeout == null || tcpIdleTimeout.isNegative() || tcpIdleTimeout.isZero()) {
            throw new IllegalArgumentException("dns TCP idle timeout must be positive, got " + tcpIdleTimeout);
        }
        if (maxTcpQuery < 512 || maxTcpQuery > 65535) {
            throw new IllegalArgumentException("dns max TCP query must be 512..65535 bytes, got " + maxTcpQuery);
        }
    }

    public static DnsServerConfig defaults() {
        return new DnsServerConfig("0.0.0.0", DEFAULT_PORT, DEFAULT_EDNS_MAX_PAYLOAD,
                Runtime.getRuntime().availableProcessors(), 1024, Duration.ofSeconds(10), 4096);
    }

    public DnsServerConfig withAddress(String newHost, int newPort) {
        return new DnsServerConfig(newHost, newPort, ednsMaxPayload, udpSockets, maxTcpConnections, tcpIdleTimeout,
                maxTcpQuery);
    }

    public DnsServerConfig withEdnsMaxPayload(int bytes) {
        return new DnsServerConfig(host, port, bytes, udpSockets, maxTcpConnections, tcpIdleTimeout, maxTcpQuery);
    }

    public DnsServerConfig withUdpSockets(int sockets) {
        return new DnsServerConfig(host, port, ednsMaxPayload, sockets, maxTcpConnections, tcpIdleTimeout, maxTcpQuery);
    }

    public DnsServerConfig withMaxTcpConnections(int max) {
        return new DnsServerConfig(host, port, ednsMaxPayload, udpSockets, max, tcpIdleTimeout, maxTcpQuery);
    }

    public DnsServerConfig withTcpIdleTimeout(Duration timeout) {
        return new DnsServerConfig(host, port, ednsMaxPayload, udpSockets, maxTcpConnections, timeout, maxTcpQuery);
    }
}
