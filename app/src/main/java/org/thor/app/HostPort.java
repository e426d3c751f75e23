package org.thor.app;

/**
 * A {@code host:port} option value ({@code [v6]:port} for IPv6); the port may be left out when a
 * default applies.
 */
public record HostPort(String host, int port) {

    public static HostPort parse(String value, int defaultPort) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("expected HOST:PORT, got an empty value");
        }
        String host = value;
        String port = null;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("expected [IPv6]:PORT, got '" + value + "'");
            }
            host = value.substring(1, close);
            if (close + 1 < value.length()) {
                if (value.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("expected [IPv6]:PORT, got '" + value + "'");
                }
                port = value.substring(close + 2);
            }
        } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            host = value.substring(0, value.indexOf(':'));
            port = value.substring(value.indexOf(':') + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("expected HOST:PORT, the host is missing in '" + value + "'");
        }
        if (port == null) {
            return new HostPort(host, defaultPort);
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return new HostPort(host, p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be 0..65535, got '" + port + "' in '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
