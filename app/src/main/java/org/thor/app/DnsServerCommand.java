package org.thor.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.thor.dns.DnsServer;
import org.thor.dns.LiveZoneFeed;
import org.thor.overlay.agent.MemberAgent;
import org.thor.overlay.member.Member;
import org.thor.overlay.membership.NetworkStatus;
import org.thor.overlay.tls.MemberIdentity;
import org.thor.overlay.tls.ReloadingTls;
import org.thor.overlay.tls.TlsException;
import org.thor.dns.DnsServerConfig;
import org.thor.dns.RoleRecordTable;
import org.thor.dns.ZoneBuilder;
import org.thor.dns.ZoneConfig;
import org.thor.dns.ZoneDirectory;
import org.thor.dns.ZoneSnapshot;
import org.xbill.DNS.Record;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code thor dns-server}: thor-dns, the authoritative DNS server of the Thor domain. Live mode
 * (a certificate with the role {@code dns}): it joins the network as a member announcing the role
 * {@code dns} with its DNS port (so it is one of the zone's NS records) and rebuilds the zone from
 * every newer network status; the zone is the certificate's domain. Its event servers must be a
 * static list ({@code --event-servers} or {@code --endpoints}): it cannot find them through the DNS
 * it serves. Static mode ({@code --members FILE --zone DOMAIN}): one zone built from the file.
 * Prints {@code READY dns HOST:PORT} on standard output once it listens on UDP and TCP.
 */
@Command(name = "dns-server",
        description = "Answer DNS for the Thor domain from live membership.",
        mixinStandardHelpOptions = true)
final class DnsServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    MemberOptions member;

    @Mixin
    MembershipTimingOptions timing;

    @Option(names = "--members", paramLabel = "FILE",
            description = "Static mode: YAML file listing the members, their roles and ports.")
    Path membersFile;

    @Option(names = "--zone", paramLabel = "DOMAIN",
            description = "The Thor domain to answer for, e.g. example.com (live mode: the certificate's domain).")
    String zone;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:53",
            description = "Address and port (UDP and TCP); port 0 picks a free one (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "15",
            description = "TTL of every answer, and of negative answers (default: ${DEFAULT-VALUE}).")
    int ttlSeconds;

    @Option(names = "--slice", paramLabel = "K", defaultValue = "5",
            description = "Most nodes named in one answer, picked at random (default: ${DEFAULT-VALUE}).")
    int slice;

    @Option(names = "--edns-max-payload", paramLabel = "BYTES", defaultValue = "1232",
            description = "Largest UDP answer to EDNS0 clients (default: ${DEFAULT-VALUE}).")
    int ednsMaxPayload;

    @Option(names = "--udp-sockets", paramLabel = "N",
            description = "UDP sockets sharing the port, one per event loop (default: the number of cores).")
    Integer udpSockets;

    @Option(names = "--max-tcp-connections", paramLabel = "N", defaultValue = "1024",
            description = "TCP connections served at once (default: ${DEFAULT-VALUE}).")
    int maxTcpConnections;

    @Option(names = "--tcp-idle-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Close a TCP connection idle this long (default: ${DEFAULT-VALUE}).")
    int tcpIdleSeconds;

    @Option(names = "--print-zone",
            description = "Print the zone the members give, in master file format, and exit.")
    boolean printZone;

    @Option(names = "--exit-with-parent", hidden = true,
            description = "Exit when standard input closes (the supervising process is gone).")
    boolean exitWithParent;

    @Option(names = "--role-definitions", paramLabel = "DIR",
            description = "Also serve the SRV records of the role definitions in DIR (roles added by files).")
    Path roleDefinitions;

    /** The role a certificate needs for live mode, and under which the member announces its DNS port. */
    static final String DNS_ROLE = RoleRecordTable.DEFAULT_NS_ROLE;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        boolean live = member.certificate != null || member.caDir != null;
        if (live == (membersFile != null)) {
            err.println("thor dns-server: give either a certificate (--cert/--key/--ca or --ca-dir/--name: live "
                    + "membership) or --members FILE (static), " + (live ? "not both" : "one of them"));
            return 2;
        }
        DnsServerConfig config;
        try {
            HostPort address = HostPort.parse(listen, DnsServerConfig.DEFAULT_PORT);
            DnsServerConfig defaults = DnsServerConfig.defaults();
            config = new DnsServerConfig(address.host(), address.port(), ednsMaxPayload,
                    udpSockets == null ? defaults.udpSockets() : udpSockets, maxTcpConnections,
                    Duration.ofSeconds(tcpIdleSeconds), defaults.maxTcpQuery());
        } catch (IllegalArgumentException e) {
            err.println("thor dns-server: " + e.getMessage());
            return 2;
        }
        return live ? runLive(config, err) : runStatic(config, err);
    }

    private ZoneBuilder builder(String domain) {
        ZoneConfig zoneConfig = ZoneConfig.defaults(domain).withTtl(Duration.ofSeconds(ttlSeconds)).withSliceSize(slice);
        RoleRecordTable table = RoleRecordTable.defaults();
        if (roleDefinitions != null) {
            table = org.thor.app.run.RoleDnsRecords.withDefinitions(table,
                    org.thor.app.run.RoleDefinitionFiles.read(roleDefinitions).values().stream()
                            .map(org.thor.app.run.RoleDefinitionFiles.Loaded::definition).toList());
        }
        return new ZoneBuilder(zoneConfig, table);
    }

    private Integer runStatic(DnsServerConfig config, PrintWriter err) throws InterruptedException {
        ZoneSnapshot snapshot;
        try {
            if (zone == null) {
                throw new IllegalArgumentException("--members needs --zone DOMAIN");
            }
            snapshot = builder(zone).build(StaticMembers.read(membersFile).members());
        } catch (IllegalArgumentException | ConfigException e) {
            err.println("thor dns-server: " + e.getMessage());
            return 2;
        }
        if (printZone) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("$ORIGIN " + snapshot.zone());
            for (Record r : snapshot.records()) {
                out.println(r);
            }
            out.flush();
            return 0;
        }
        DnsServer server;
        try {
            server = DnsServer.start(config, new ZoneDirectory(snapshot));
        } catch (DnsServer.DnsServerException e) {
            err.println("thor dns-server: " + e.getMessage());
            return 1;
        }
        return serve(config, server, () -> { });
    }

    private Integer runLive(DnsServerConfig config, PrintWriter err) throws InterruptedException {
        if (printZone) {
            err.println("thor dns-server: --print-zone needs --members (a live zone changes with the network)");
            return 2;
        }
        if (!member.hasEventServerList()) {
            err.println("thor dns-server: give the event servers with --event-servers or --endpoints: a dns member "
                    + "cannot find them through the DNS it serves");
            return 2;
        }
        ReloadingTls tls;
        try {
            tls = member.openTls();
        } catch (IllegalArgumentException | TlsException e) {
            err.println("thor dns-server: " + e.getMessage());
            return 2;
        }
        MemberIdentity identity = tls.current().identity();
        ZoneBuilder builder;
        MemberAgent.MemberAgentConfig agentConfig;
        try {
            if (!identity.hasRole(DNS_ROLE)) {
                throw new IllegalArgumentException("the certificate of " + identity.name() + " lacks the role " + DNS_ROLE
                        + " (issue it with --roles " + DNS_ROLE + ")");
            }
            if (zone != null && !ZoneConfig.parseZone(zone).equals(ZoneConfig.parseZone(identity.domain()))) {
                throw new IllegalArgumentException("--zone " + zone + " is not the certificate's domain " + identity.domain());
            }
            builder = builder(identity.domain());
            List<InetSocketAddress> servers = member.eventServers(identity.domain());
            agentConfig = timing.agentConfig(servers, "");
        } catch (IllegalArgumentException | ConfigException e) {
            err.println("thor dns-server: " + e.getMessage());
            tls.close();
            return 2;
        }
        ZoneDirectory directory = LiveZoneFeed.emptyDirectory(builder);
        LiveZoneFeed feed = new LiveZoneFeed(builder, directory);
        DnsServer server;
        try {
            server = DnsServer.start(config, directory);
        } catch (DnsServer.DnsServerException e) {
            err.println("thor dns-server: " + e.getMessage());
            tls.close();
            return 1;
        }
        Member self = new Member(identity.name(), identity.ipAddresses().get(0), new LinkedHashSet<>(List.of(DNS_ROLE)),
                Map.of(DNS_ROLE, server.localAddress().getPort()));
        MemberAgent agent = MemberAgent.start(self, agentConfig, tls);
        agent.follower().addListener(feed);
        NetworkStatus already = agent.follower().current(); // a status that came before the listener
        if (already != null) {
            feed.accept(already);
        }
        EventServerRefresh refresh = member.followDns(identity.domain(), agent.client());
        return serve(config, server, () -> {
            if (refresh != null) {
                refresh.close();
            }
            agent.close();
            tls.close();
        });
    }

    private Integer serve(DnsServerConfig config, DnsServer server, Runnable leave) throws InterruptedException {
        return ServiceProcess.serveUntilStopped("READY dns " + new HostPort(config.host(), server.localAddress().getPort()),
                exitWithParent, () -> {
                    leave.run();
                    server.close();
                });
    }
}
