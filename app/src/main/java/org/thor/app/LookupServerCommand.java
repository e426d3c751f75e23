package org.thor.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.thor.overlay.lookup.LookupServer;
import org.thor.overlay.lookup.LookupServerConfig;
import org.thor.overlay.ring.RingDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code thor lookup-server}: serves the public lookup protocol from a static membership file.
 * Prints {@code READY lookup HOST:PORT} on standard output once it listens, so that a supervisor
 * (such as {@code thor demo}) knows the port it bound.
 */
@Command(name = "lookup-server",
        description = "Serve the lookup protocol for a static membership file.",
        mixinStandardHelpOptions = true)
final class LookupServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--members", required = true, paramLabel = "FILE",
            description = "YAML file listing the members, their roles and ports.")
    Path membersFile;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:9500",
            description = "Address and port to listen on; port 0 picks a free one (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "1024",
            description = "Connections served at once (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Close a connection idle this long (default: ${DEFAULT-VALUE}).")
    int idleSeconds;

    @Option(names = "--rate-per-client", paramLabel = "N", defaultValue = "100000",
            description = "Request lines per second one client address may send; more are served later, in order "
                    + "(0: no limit; default: ${DEFAULT-VALUE}).")
    long ratePerClient;

    @Option(names = "--burst-per-client", paramLabel = "N", defaultValue = "10000",
            description = "Lines a client may send at once beyond that rate (default: ${DEFAULT-VALUE}).")
    int burstPerClient;

    @Option(names = "--exit-with-parent", hidden = true,
            description = "Exit when standard input closes (the supervising process is gone).")
    boolean exitWithParent;

    @Override
    public Integer call() throws InterruptedException {
        HostPort address;
        LookupServerConfig config;
        StaticMembers members;
        try {
            address = HostPort.parse(listen, LookupServerConfig.DEFAULT_PORT);
            config = LookupServerConfig.defaults()
                    .withAddress(address.host(), address.port())
                    .withMaxConnections(maxConnections)
                    .withIdleTimeout(Duration.ofSeconds(idleSeconds))
                    .withRatePerClient(ratePerClient, burstPerClient);
            members = StaticMembers.read(membersFile);
        } catch (IllegalArgumentException | ConfigException e) {
            spec.commandLine().getErr().println("thor lookup-server: " + e.getMessage());
            return 2;
        }
        LookupServer server;
        try {
            server = LookupServer.start(config, new RingDirectory(members.rings()));
        } catch (LookupServer.LookupServerException e) {
            spec.commandLine().getErr().println("thor lookup-server: " + e.getMessage());
            return 1;
        }
        return ServiceProcess.serveUntilStopped("READY lookup " + new HostPort(address.host(), server.localAddress().getPort()),
                exitWithParent, server::close);
    }
}
