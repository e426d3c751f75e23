package org.thor.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.thor.overlay.agent.MemberAgent;
import org.thor.overlay.event.EventServerConfig;
import org.thor.overlay.tls.ReloadingTls;
import org.thor.overlay.tls.TlsException;
import org.thor.overlay.tls.TlsFiles;
import picocli.CommandLine.Option;

/**
 * The options every process that joins the network shares: its TLS files (the only required
 * configuration) and where the event servers are: a bootstrap list ({@code --event-servers}), a
 * demo's endpoints.json ({@code --endpoints}), or, when neither is given, DNS SRV
 * {@code _eventserver._tcp.<certificate domain>} asked of {@code --dns} or of the system resolver.
 */
final class MemberOptions {

    @Option(names = "--cert", paramLabel = "FILE", description = "This member's certificate (PEM).")
    Path certificate;

    @Option(names = "--key", paramLabel = "FILE", description = "Its private key (PEM).")
    Path key;

    @Option(names = "--ca", paramLabel = "FILE", description = "The CA certificate (PEM).")
    Path ca;

    @Option(names = "--crl", paramLabel = "FILE", description = "The CA's CRL (PEM).")
    Path crl;

    @Option(names = "--ca-dir", paramLabel = "DIR",
            description = "A 'thor ca' directory: take the files of --name from it instead of --cert/--key/--ca/--crl.")
    Path caDir;

    @Option(names = "--name", paramLabel = "NAME", description = "With --ca-dir: whose certificate to use.")
    String name;

    @Option(names = "--event-servers", paramLabel = "HOST:PORT", split = ",",
            description = "Event servers to connect to (bootstrap list).")
    List<String> eventServers;

    @Option(names = "--endpoints", paramLabel = "FILE",
            description = "Take the event servers from a demo's endpoints.json instead of --event-servers.")
    Path endpoints;

    @Option(names = "--dns", paramLabel = "HOST:PORT",
            description = "Without --event-servers/--endpoints: find the event servers through SRV _eventserver._tcp.DOMAIN "
                    + "asked of this DNS server, e.g. a thor-dns (default: the system resolver).")
    String dns;

    @Option(names = "--dns-refresh", paramLabel = "SECONDS", defaultValue = "60",
            description = "When the event servers come from DNS: ask again this often and follow the answer "
                    + "(default: ${DEFAULT-VALUE}).")
    int dnsRefreshSeconds;

    @Option(names = "--reload-interval", paramLabel = "SECONDS", defaultValue = "5",
            description = "How often the TLS files are checked for changes (default: ${DEFAULT-VALUE}).")
    int reloadSeconds;

    TlsFiles tlsFiles() {
        TlsFiles files;
        if (caDir != null) {
            if (name == null || certificate != null || key != null || ca != null) {
                throw new IllegalArgumentException("--ca-dir needs --name and excludes --cert, --key and --ca");
            }
            Path members = caDir.resolve("members");
            Path crlFile = caDir.resolve("crl.pem");
            files = new TlsFiles(members.resolve(name + ".crt"), members.resolve(name + ".key"), caDir.resolve("ca.crt"),
                    Files.exists(crlFile) ? crlFile : null);
        } else {
            if (certificate == null || key == null || ca == null) {
                throw new IllegalArgumentException("give --cert, --key and --ca (or --ca-dir and --name)");
            }
            files = new TlsFiles(certificate, key, ca, crl);
        }
        for (Path file : new Path[] {files.certificate(), files.privateKey(), files.caCertificate(), files.crl()}) {
            if (file != null && !Files.isReadable(file)) {
                throw new IllegalArgumentException(file + ": cannot read");
            }
        }
        return files;
    }

    ReloadingTls openTls() {
        if (reloadSeconds < 1 || reloadSeconds > 86400) {
            throw new IllegalArgumentException("--reload-interval must be 1..86400 seconds, got " + reloadSeconds);
        }
        return ReloadingTls.start(tlsFiles(), Duration.ofSeconds(reloadSeconds));
    }

    /** What a member process starts from: its TLS files, open, and its agent's settings. */
    record Joining(ReloadingTls tls, MemberAgent.MemberAgentConfig config) {
    }

    /**
     * Opens the TLS files and finds the event servers (list or DNS), for {@code thor COMMAND}; on
     * a bad option or file, prints {@code thor COMMAND: why} to {@code err} and returns null.
     */
    Joining join(String command, PrintWriter err, MembershipTimingOptions timing, String region) {
        ReloadingTls tls;
        try {
            timing.settings(1); // the timings' relations, checked before any file is read
            tls = openTls();
        } catch (IllegalArgumentException | TlsException e) {
            err.println("thor " + command + ": " + e.getMessage());
            return null;
        }
        try {
            return new Joining(tls, timing.agentConfig(eventServers(tls.current().identity().domain()), region));
        } catch (IllegalArgumentException e) {
            err.println("thor " + command + ": " + e.getMessage());
            tls.close();
            return null;
        }
    }

    /** Whether the event servers are given by a list (--event-servers or --endpoints), not found through DNS. */
    boolean hasEventServerList() {
        return eventServers != null || endpoints != null;
    }

    /**
     * The event servers: the given list, or those DNS SRV names for {@code domain} (the
     * certificate's domain).
     */
    List<InetSocketAddress> eventServers(String domain) {
        if (dnsRefreshSeconds < 1 || dnsRefreshSeconds > 86400) {
            throw new IllegalArgumentException("--dns-refresh must be 1..86400 seconds, got " + dnsRefreshSeconds);
        }
        if (hasEventServerList()) {
            if (dns != null) {
                throw new IllegalArgumentException("--dns finds the event servers: give it without --event-servers and --endpoints");
            }
            return eventServerList(eventServers, endpoints);
        }
        return EventServerDiscovery.find(domain, dns == null ? null : HostPort.parse(dns, 53));
    }

    /**
     * When the event servers came from DNS, follows DNS from now on (see {@link EventServerRefresh});
     * null when they were given by a list.
     */
    EventServerRefresh followDns(String domain, org.thor.overlay.event.EventClient client) {
        if (hasEventServerList()) {
            return null;
        }
        HostPort resolver = dns == null ? null : HostPort.parse(dns, 53);
        return EventServerRefresh.start(() -> EventServerDiscovery.find(domain, resolver), client,
                Duration.ofSeconds(dnsRefreshSeconds));
    }

    /** The list of {@code --event-servers} or of the endpoints file, one of which must be given. */
    static List<InetSocketAddress> eventServerList(List<String> eventServers, Path endpoints) {
        List<InetSocketAddress> list = new ArrayList<>();
        if (endpoints != null) {
            if (eventServers != null) {
                throw new IllegalArgumentException("give --event-servers or --endpoints, not both");
            }
            try {
                JsonNode doc = new ObjectMapper().readTree(endpoints.toFile());
                for (JsonNode m : doc.path("members")) {
                    if ("eventserver".equals(m.path("kind").asText())) {
                        list.add(new InetSocketAddress(m.path("address").asText(), m.path("ports").path("events").asInt()));
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException(endpoints + ": cannot read: " + e.getMessage());
            }
            if (list.isEmpty()) {
                throw new IllegalArgumentException(endpoints + ": lists no event server");
            }
            return list;
        }
        if (eventServers == null || eventServers.isEmpty()) {
            throw new IllegalArgumentException("give the event servers: --event-servers HOST:PORT[,HOST:PORT...]");
        }
        for (String s : eventServers) {
            HostPort hp = HostPort.parse(s.strip(), EventServerConfig.DEFAULT_PORT);
            list.add(new InetSocketAddress(hp.host(), hp.port()));
        }
        return list;
    }
}
