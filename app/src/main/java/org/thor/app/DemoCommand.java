package org.thor.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code thor demo}: a whole network on one host ({@link LocalNetwork}), each member its own
 * process on its own loopback address, so that answers name distinct nodes as they would across
 * hosts and a user can kill, pause or disable a member and watch the rest heal. It writes
 * {@code DIR/endpoints.json}, keeps each member's output in {@code DIR/logs/NAME.log}, reports
 * members that exit, and stops every member on Ctrl-C.
 */
@Command(name = "demo",
        description = "Run a whole network on this host, one process per member.",
        mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "demo",
            description = "Directory for the CA, endpoints.json and logs (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "4",
            description = "Number of nodes, 1..40 (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--lookup-port", paramLabel = "PORT", defaultValue = "9500",
            description = "Lookup port on every node's address; 0 picks free ports (default: ${DEFAULT-VALUE}).")
    int lookupPort;

    @Option(names = "--event-port", paramLabel = "PORT", defaultValue = "8000",
            description = "Port on each event server's address; 0 picks free ports (default: ${DEFAULT-VALUE}).")
    int eventPort;

    @Option(names = "--dns-port", paramLabel = "PORT", defaultValue = "10053",
            description = "DNS port (UDP and TCP) of the two thor-dns members; 0 picks free ports (default: ${DEFAULT-VALUE}).")
    int dnsPort;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (nodes < 1 || nodes > 40) {
            err.println("thor demo: --nodes must be 1..40, got " + nodes);
            return 2;
        }
        if (lookupPort < 0 || lookupPort > 65535 || eventPort < 0 || eventPort > 65535 || dnsPort < 0 || dnsPort > 65535) {
            err.println("thor demo: ports must be 0..65535");
            return 2;
        }
        AtomicReference<LocalNetwork> running = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LocalNetwork net = running.get();
            if (net != null) {
                try {
                    net.close();
                    out.println("Stopped " + net.members().size() + " members.");
                    out.flush();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            done.countDown();
        }, "thor-demo-shutdown"));
        LocalNetwork net;
        try {
            net = LocalNetwork.start(dir, nodes, eventPort, lookupPort, dnsPort);
        } catch (IllegalStateException e) {
            err.println("thor demo: " + e.getMessage());
            return 1;
        }
        running.set(net);
        Path endpoints = net.writeEndpoints();
        List<MemberProcess> nodeProcesses = net.ofKind("node");
        boolean converged = net.awaitNodes(nodeProcesses,
                nodeProcesses.stream().map(MemberProcess::address).toList(), Duration.ofSeconds(30));
        printSummary(out, net, endpoints, converged);
        for (MemberProcess member : net.members()) {
            member.process().onExit().thenAccept(p -> {
                if (!net.isStopped()) {
                    out.println("member " + member.name() + " (pid " + p.pid() + ") exited with code " + p.exitValue());
                    out.flush();
                }
            });
        }
        done.await();
        return 0;
    }

    private void printSummary(PrintWriter out, LocalNetwork net, Path endpoints, boolean converged) {
        List<MemberProcess> members = net.members();
        out.println("Thor demo network for " + LocalNetwork.DOMAIN + " is up (" + members.size() + " members)"
                + (converged ? "." : ", but not every node has seen every other yet: see the logs."));
        out.println();
        out.printf("  %-9s %-12s %-8s %-12s %s%n", "NAME", "KIND", "PID", "ADDRESS", "PORTS");
        for (MemberProcess m : members) {
            out.printf("  %-9s %-12s %-8d %-12s %s%n", m.name(), m.kind(), m.pid(), m.address(),
                    m.portName() == null ? "" : m.portName() + "=" + m.port());
        }
        List<MemberProcess> nodeList = net.ofKind("node");
        MemberProcess first = nodeList.get(0);
        MemberProcess last = nodeList.get(nodeList.size() - 1);
        String ep = endpoints.toString();
        String ca = net.caDir().toString();
        out.println();
        out.println("Endpoints: " + endpoints.toAbsolutePath());
        out.println("CA:        " + net.caDir().toAbsolutePath() + " (a certificate per member; 'operator' may disable nodes)");
        out.println("Logs:      " + dir.resolve("logs").toAbsolutePath());
        out.println();
        out.println("Try:");
        out.println("  ./thor monitor --ca-dir " + ca + " --name monitor --endpoints " + ep);
        out.println("  ./thor lookup sip_proxy alice@" + LocalNetwork.DOMAIN + " --server " + first.address() + ":" + first.port());
        out.println("  ./thor lookup sip_proxy alice@" + LocalNetwork.DOMAIN + " --server " + last.address() + ":" + last.port()
                + "   # every node gives the same answer");
        out.println("  kill -9 " + last.pid() + "        # " + last.name() + " leaves every ring within a second");
        out.println("  kill -STOP " + last.pid() + "     # a hung node leaves within 3 s; kill -CONT brings it back");
        out.println("  ./thor admin disable " + last.name() + " --ca-dir " + ca + " --name operator --endpoints " + ep);
        MemberProcess dns = net.ofKind("dns").get(0);
        String dig = "  dig @" + dns.address() + " -p " + dns.port() + " ";
        out.println(dig + "_sip._udp." + LocalNetwork.DOMAIN + " SRV      # the live SIP proxies (thor-dns)");
        out.println(dig + LocalNetwork.DOMAIN + " NAPTR");
        out.println(dig + "_eventserver._tcp." + LocalNetwork.DOMAIN + " SRV");
        out.println("  ./thor node --ca-dir " + ca + " --name " + last.name() + " --dns " + dns.address() + ":" + dns.port()
                + "   # after kill -9: rejoins, finding the event servers through SRV");
        out.println();
        out.println("Ctrl-C stops everything.");
        out.flush();
    }
}
