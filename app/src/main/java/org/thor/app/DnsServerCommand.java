package org.thor.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.thor.dns.DnsServer;
import org.thor.dns.DnsServerConfig;
import org.thor.dns.RoleRecordTable;
import org.thor.dns.ZoneBuilder;
import org.thor.dns.ZoneConfig;
import org.thor.dns.ZoneDirectory;
import org.thor.dns.ZoneSnapshot;
import org.xbill.DNS.Record;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code thor dns-server}: thor-dns, the authoritative DNS server of the Thor domain, answering from
 * a static membership file until live membership feeds it. Prints {@code READY dns HOST:PORT} on
 * standard output once it listens on UDP and TCP.
 */
@Command(name = "dns-server",
        description = "Serve the Thor domain over DNS (UDP and TCP 53) for a static membership file.",
        mixinStandardHelpOptions = true)
final class DnsServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--members", required = true, paramLabel = "FILE",
            description = "YAML file listing the members, their roles and ports.")
    Path membersFile;

    @Option(names = "--zone", required = true, paramLabel = "DOMAIN",
            description = "The Thor domain to answer for, e.g. example.com.")
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

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        HostPort address;
        DnsServerConfig config;
        ZoneSnapshot snapshot;
        try {
            address = HostPort.parse(listen, DnsServerConfig.DEFAULT_PORT);
            DnsServerConfig defaults = DnsServerConfig.defaults();
            config = new DnsServerConfig(address.host(), address.port(), ednsMaxPayload,
                    udpSockets == null ? defaults.udpSockets() : udpSockets, maxTcpConnections,
                    Duration.ofSeconds(tcpIdleSeconds), defaults.maxTcpQuery());
            ZoneConfig zoneConfig = ZoneConfig.defaults(zone).withTtl(Duration.ofSeconds(ttlSeconds)).withSliceSize(slice);
            StaticMembers members = StaticMembers.read(membersFile);
            snapshot = new ZoneBuilder(zoneConfig, RoleRecordTable.defaults()).build(members.members());
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
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "thor-shutdown"));
        System.out.println("READY dns " + new HostPort(address.host(), server.localAddress().getPort()));
        System.out.flush();
        if (exitWithParent) {
            ParentWatch.exitWhenStdinCloses();
        }
        stopped.await();
        return 0;
    }
}
