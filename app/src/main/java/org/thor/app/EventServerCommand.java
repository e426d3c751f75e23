package org.thor.app;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.thor.overlay.agent.MemberAgent;
import org.thor.overlay.event.EventServer;
import org.thor.overlay.event.EventServerConfig;
import org.thor.overlay.member.Member;
import org.thor.overlay.tls.CertificateProfile;
import org.thor.overlay.tls.MemberIdentity;
import org.thor.overlay.tls.ReloadingTls;
import org.thor.overlay.tls.TlsException;
import org.thor.overlay.tls.TlsFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code thor event-server}: one event server (mutual TLS, default port 8000) with files from
 * {@code thor ca}. Its certificate must carry the role thor_eventserver (clients refuse a server
 * without it). The TLS files are checked every {@code --reload-interval} seconds and reloaded
 * when they change. Prints {@code READY eventserver HOST:PORT} once it listens.
 *
 * <p>With {@code --event-servers} (or {@code --endpoints}) it also joins the network as a member,
 * connected to those event servers (itself among them), announcing the role thor_eventserver with
 * the named port {@code eventserver} = its listen port and its certificate's first IP: that is what
 * thor-dns lists under {@code _eventserver._tcp.<domain>}, where members find the event servers.
 */
@Command(name = "event-server",
        description = "Serve the overlay's event hub over mutual TLS (TCP 8000).",
        mixinStandardHelpOptions = true)
final class EventServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--cert", required = true, paramLabel = "FILE", description = "This server's certificate (PEM).")
    Path certificate;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "Its private key (PKCS#8 PEM).")
    Path key;

    @Option(names = "--ca", required = true, paramLabel = "FILE", description = "The CA certificate (PEM).")
    Path ca;

    @Option(names = "--crl", paramLabel = "FILE", description = "The CA's CRL (PEM); without it nothing is checked for revocation.")
    Path crl;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:8000",
            description = "Address and port to listen on; port 0 picks a free one (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--max-frame-length", paramLabel = "BYTES", defaultValue = "65536",
            description = "Longest frame accepted; a longer one closes the connection (default: ${DEFAULT-VALUE}).")
    int maxFrameLength;

    @Option(names = "--reload-interval", paramLabel = "SECONDS", defaultValue = "5",
            description = "How often the TLS files are checked for changes (default: ${DEFAULT-VALUE}).")
    double reloadSeconds;

    @picocli.CommandLine.Mixin
    MembershipTimingOptions timing;

    @Option(names = "--event-servers", paramLabel = "HOST:PORT", split = ",",
            description = "Join the network as a member through these event servers (this one included), so that "
                    + "DNS lists this server under _eventserver._tcp.")
    List<String> eventServers;

    @Option(names = "--endpoints", paramLabel = "FILE",
            description = "As --event-servers, with the event servers of a demo's endpoints.json.")
    Path endpoints;

    @Option(names = "--exit-with-parent", hidden = true,
            description = "Exit when standard input closes (the supervising process is gone).")
    boolean exitWithParent;

    @Override
    public Integer call() throws InterruptedException {
        HostPort address;
        EventServerConfig config;
        TlsFiles files;
        Duration reload;
        List<InetSocketAddress> join;
        try {
            join = eventServers == null && endpoints == null ? null : MemberOptions.eventServerList(eventServers, endpoints);
            address = HostPort.parse(listen, EventServerConfig.DEFAULT_PORT);
            config = EventServerConfig.defaults().withAddress(address.host(), address.port()).withMaxFrameLength(maxFrameLength)
                    .withMembership(timing.settings(1));
            if (!(reloadSeconds > 0) || reloadSeconds > 86400) {
                throw new IllegalArgumentException("--reload-interval must be more than 0 and at most 86400 seconds, got " + reloadSeconds);
            }
            reload = Duration.ofMillis(Math.max(1, Math.round(reloadSeconds * 1000)));
            files = new TlsFiles(certificate, key, ca, crl);
            for (Path file : new Path[] {certificate, key, ca, crl}) {
                if (file != null && !Files.isReadable(file)) {
                    throw new IllegalArgumentException(file + ": cannot read");
                }
            }
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("thor event-server: " + e.getMessage());
            return 2;
        }
        ReloadingTls tls;
        try {
            tls = ReloadingTls.start(files, reload);
        } catch (TlsException e) {
            spec.commandLine().getErr().println("thor event-server: " + e.getMessage());
            return 2;
        }
        if (!tls.current().identity().hasRole(CertificateProfile.EVENT_SERVER_ROLE)) {
            spec.commandLine().getErr().println("thor event-server: " + certificate + ": the certificate of "
                    + tls.current().identity().name() + " lacks the role " + CertificateProfile.EVENT_SERVER_ROLE
                    + " (issue it with --roles " + CertificateProfile.EVENT_SERVER_ROLE + ")");
            tls.close();
            return 2;
        }
        EventServer server;
        try {
            server = EventServer.start(config, tls);
        } catch (EventServer.EventServerException e) {
            spec.commandLine().getErr().println("thor event-server: " + e.getMessage());
            tls.close();
            return 1;
        }
        MemberAgent agent = null;
        if (join != null) {
            MemberIdentity identity = tls.current().identity();
            Member self = new Member(identity.name(), identity.ipAddresses().get(0),
                    new LinkedHashSet<>(List.of(CertificateProfile.EVENT_SERVER_ROLE)),
                    Map.of(org.thor.dns.RoleRecordTable.EVENT_SERVER_PORT, server.localAddress().getPort()));
            agent = MemberAgent.start(self, timing.agentConfig(join, ""), tls);
        }
        MemberAgent member = agent;
        return ServiceProcess.serveUntilStopped("READY eventserver " + new HostPort(address.host(), server.localAddress().getPort()),
                exitWithParent, () -> {
                    if (member != null) {
                        member.close();
                    }
                    server.close();
                    tls.close();
                });
    }
}
