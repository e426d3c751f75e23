package org.thor.adapters.role;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How a role's daemon is checked, and how many results in a row change its state.
 *
 * @param type     {@code tcp} (connect to host:port), {@code http} (GET url, any 2xx or 3xx is
 *                 healthy) or {@code command} (run it, exit code 0 is healthy)
 * @param host     tcp: the host to connect to (default 127.0.0.1)
 * @param port     tcp: the port
 * @param url      http: the URL
 * @param command  command: the program and its arguments (no shell)
 * @param interval time between two checks (default 1 s, 50 ms..1 h)
 * @param timeout  a check not done by then failed (default 1 s, 10 ms..5 min)
 * @param rise     passes in a row that make an unhealthy role healthy (default 2, 1..100)
 * @param fall     failures in a row that make a healthy role unhealthy (default 2, 1..100)
 * @param probe    probe: the name of an adapter's own {@link HealthProbe} bean in the Camel registry
 *                 (an adapter that speaks the daemon's protocol, or a bean a route file declares)
 */
public record HealthCheck(Type type, String host, int port, URI url, List<String> command, Duration interval,
        Duration timeout, int rise, int fall, String probe) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_RISE = 2;
    public static final int DEFAULT_FALL = 2;

    /** The kinds of check. */
    public enum Type {
        TCP, HTTP, COMMAND, PROBE
    }

    public HealthCheck {
        if (type == null) {
            throw new InvalidSettingException("type", "is required (tcp, http, command or probe)");
        }
        command = command == null ? List.of() : List.copyOf(command);
        switch (type) {
            case TCP -> {
                if (host == null || host.isBlank()) {
                    host = "127.0.0.1";
                }
                if (port < 1 || port > 65535) {
                    throw new InvalidSettingException("port", "must be 1..65535, got " + port);
                }
            }
            case HTTP -> {
                if (url == null) {
                    throw new InvalidSettingException("url", "is required for an http check");
                }
                if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                    throw new InvalidSettingException("url", "must be http:// or https://, got '" + url + "'");
                }
            }
            case COMMAND -> {
                if (command.isEmpty()) {
                    throw new InvalidSettingException("command", "is required for a command check");
                }
            }
            case PROBE -> {
                if (probe == null || !probe.matches("[A-Za-z][A-Za-z0-9_.-]{0,127}")) {
                    throw new InvalidSettingException("probe", "must name a HealthProbe bean, got '" + probe + "'");
                }
            }
        }
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (interval.toMillis() < 50 || interval.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidSettingException("intervalMs", "must be 50..3600000, got " + interval.toMillis());
        }
        if (timeout.toMillis() < 10 || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new InvalidSettingException("timeoutMs", "must be 10..300000, got " + timeout.toMillis());
        }
        if (rise < 1 || rise > 100) {
            throw new InvalidSettingException("rise", "must be 1..100, got " + rise);
        }
        if (fall < 1 || fall > 100) {
            throw new InvalidSettingException("fall", "must be 1..100, got " + fall);
        }
    }

    /** A TCP connect check with the default timing. */
    public static HealthCheck tcp(String host, int port) {
        return new HealthCheck(Type.TCP, host, port, null, null, null, null, DEFAULT_RISE, DEFAULT_FALL, null);
    }
}
