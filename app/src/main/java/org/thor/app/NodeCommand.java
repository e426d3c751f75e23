package org.thor.app;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.thor.overlay.agent.MemberAgent;
import org.thor.overlay.http.HttpApiConfig;
import org.thor.overlay.http.HttpApiServer;
import org.thor.overlay.http.NodeApi;
import org.thor.overlay.http.NodeMetrics;
import org.thor.overlay.http.NodeState;
import org.thor.overlay.lookup.LookupObserver;
import org.thor.overlay.lookup.LookupServer;
import org.thor.overlay.lookup.LookupServerConfig;
import org.thor.overlay.member.Member;
import org.thor.overlay.tls.MemberIdentity;
import org.thor.overlay.tls.ReloadingTls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code thor node}: joins the network with nothing but a certificate (the event servers are
 * found through DNS SRV unless a list is given) and serves lookups from the live rings. The id is
 * the certificate's name, the address its first IP, the roles those it certifies (minus the
 * roles of Thor's own services); all can be narrowed with options.
 */
@Command(name = "node", description = "Join the network as a node and serve lookups.",
        mixinStandardHelpOptions = true)
final class NodeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    MemberOptions member;

    @Mixin
    MembershipTimingOptions timing;

    @Option(names = "--roles", split = ",", paramLabel = "ROLE",
            description = "Roles to announce (default: every role the certificate allows, except thor_*).")
    List<String> roles;

    @Option(names = "--address", paramLabel = "IP", description = "Address to announce (default: the certificate's first IP).")
    String address;

    @Option(names = "--port", paramLabel = "NAME=PORT", description = "A named port to announce, e.g. sip_proxy=5060 (repeatable).")
    Map<String, Integer> ports = new LinkedHashMap<>();

    @Option(names = "--lookup", paramLabel = "HOST:PORT",
            description = "Where the lookup service listens (default: the announced address, port 9500).")
    String lookup;

    @Option(names = "--lookup-rate-per-client", paramLabel = "N", defaultValue = "100000",
            description = "Lookup request lines per second one client address may send; more are served later, in "
                    + "order (0: no limit; default: ${DEFAULT-VALUE}).")
    long lookupRatePerClient;

    @Option(names = "--http", paramLabel = "HOST:PORT",
            description = "Serve the node HTTP API (JSON lookup, health, metrics, status page) here (default: off; port default 9501).")
    String http;

    @Option(names = "--region", paramLabel = "NAME", defaultValue = "", description = "Region or data center to announce.")
    String region;

    @Option(names = "--exit-with-parent", hidden = true)
    boolean exitWithParent;

    @Override
    public Integer call() throws InterruptedException {
        MemberOptions.Joining joining = member.join("node", spec.commandLine().getErr(), timing, region);
        if (joining == null) {
            return 2;
        }
        ReloadingTls tls = joining.tls();
        MemberAgent.MemberAgentConfig config = joining.config();
        MemberIdentity identity = tls.current().identity();
        Set<String> announce = new TreeSet<>();
        if (roles == null) {
            identity.roles().stream().filter(r -> !r.startsWith("thor_")).forEach(announce::add);
        } else {
            announce.addAll(roles);
            Set<String> extra = new TreeSet<>(announce);
            extra.removeAll(identity.roles());
            if (!extra.isEmpty()) {
                spec.commandLine().getErr().println("thor node: --roles " + extra + " are not in the certificate of "
                        + identity.name() + ", which allows " + new TreeSet<>(identity.roles()));
                tls.close();
                return 2;
            }
        }
        String announced = address != null ? address : identity.ipAddresses().get(0);
        HostPort lookupAt;
        LookupServer lookupServer = null;
        HttpApiServer httpServer = null;
        MemberAgent agent;
        try {
            lookupAt = lookup != null ? HostPort.parse(lookup, LookupServerConfig.DEFAULT_PORT)
                    : new HostPort(announced, LookupServerConfig.DEFAULT_PORT);
            Map<String, Integer> allPorts = new LinkedHashMap<>(ports);
            // bind first, so that the announced lookup port is the one actually bound
            MemberAgent[] holder = new MemberAgent[1];
            HostPort httpAt = http == null ? null : HostPort.parse(http, HttpApiConfig.DEFAULT_PORT);
            NodeState node = NodeState.of(() -> holder[0], 1000, null);
            NodeMetrics metrics = httpAt == null ? null : new NodeMetrics(node);
            lookupServer = LookupServer.start(LookupServerConfig.defaults().withAddress(lookupAt.host(), lookupAt.port())
                            .withRatePerClient(lookupRatePerClient, LookupServerConfig.DEFAULT_BURST_PER_CLIENT),
                    () -> holder[0] == null ? org.thor.overlay.ring.RoleRings.empty(1000) : holder[0].rings().get(),
                    metrics == null ? LookupObserver.NONE : metrics.tcpLookups());
            allPorts.put("lookup", lookupServer.localAddress().getPort());
            if (httpAt != null) {
                httpServer = HttpApiServer.start(HttpApiConfig.defaults().withAddress(httpAt.host(), httpAt.port()),
                        NodeApi.router(node, metrics));
                allPorts.put("http", httpServer.localAddress().getPort());
            }
            Member self = new Member(identity.name(), announced, new LinkedHashSet<>(announce), allPorts);
            agent = MemberAgent.start(self, config, tls);
            holder[0] = agent;
        } catch (IllegalArgumentException | LookupServer.LookupServerException | HttpApiServer.HttpApiServerException e) {
            spec.commandLine().getErr().println("thor node: " + e.getMessage());
            if (httpServer != null) {
                httpServer.close();
            }
            if (lookupServer != null) {
                lookupServer.close();
            }
            tls.close();
            return 2;
        }
        LookupServer server = lookupServer;
        HttpApiServer api = httpServer;
        MemberAgent running = agent;
        EventServerRefresh refresh = member.followDns(identity.domain(), agent.client());
        String ready = "READY node " + identity.name() + " lookup="
                + new HostPort(lookupAt.host(), server.localAddress().getPort());
        if (api != null) {
            ready += " http=" + new HostPort(api.localAddress().getAddress().getHostAddress(), api.localAddress().getPort());
        }
        return ServiceProcess.serveUntilStopped(ready, exitWithParent, () -> {
                    if (refresh != null) {
                        refresh.close();
                    }
                    running.close();
                    if (api != null) {
                        api.close();
                    }
                    server.close();
                    tls.close();
                });
    }
}
