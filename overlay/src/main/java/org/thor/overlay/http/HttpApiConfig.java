package org.thor.overlay.http;

import java.time.Duration;

/**
 * Settings of the node HTTP API, with their defaults.
 *
 * @param host            address to listen on (default {@code 0.0.0.0})
 * @param port            TCP port (default 9501; 0 picks a free port)
 * @param maxRequestBytes longest request line, header block and body, each, in bytes (default 8192)
 * @param maxConnections  connections served at once; more are answered 503 and closed (default 1024)
 * @param idleTimeout     a connection that sends nothing for this long is closed (default 1 minute)
 */
public record HttpApiConfig(String host, int port, int maxRequestBytes, int maxConnections, Duration idleTimeout) {

    public static final int DEFAULT_PORT = 9501;

    public HttpApiConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("http host is missing");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http port must be 0..65535, got " + port);
        }
        if (maxRequestBytes < 256 || maxRequestBytes > 1 << 20) {
            throw new IllegalArgumentException("http max request size must be 256..1048576 bytes, got " + maxRequestBytes);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("http max connections must be at least 1, got " + maxConnections);
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("http idle timeout must be positive, got " + idleTimeout);
        }
    }

    public static HttpApiConfig defaults() {
        return new HttpApiConfig("0.0.0.0", DEFAULT_PORT, 8192, 1024, Duration.ofMinutes(1));
    }

    public HttpApiConfig withAddress(String newHost, int newPort) {
        return new HttpApiConfig(newHost, newPort, maxRequestBytes, maxConnections, idleTimeout);
    }

    public HttpApiConfig withMaxRequestBytes(int max) {
        return new HttpApiConfig(host, port, max, maxConnections, idleTimeout);
    }

    public HttpApiConfig withMaxConnections(int max) {
        return new HttpApiConfig(host, port, maxRequestBytes, max, idleTimeout);
    }

    public HttpApiConfig withIdleTimeout(Duration timeout) {
        return new HttpApiConfig(host, port, maxRequestBytes, maxConnections, timeout);
    }
}
