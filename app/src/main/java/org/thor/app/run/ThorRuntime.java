package org.thor.app.run;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.thor.adapters.component.AgentOverlay;
import org.thor.adapters.component.ThorComponent;
import org.thor.adapters.role.RoleDefinition;
import org.thor.adapters.role.RoleHealthMonitor;
import org.thor.app.ConfigException;
import org.thor.app.EventServerDiscovery;
import org.thor.app.EventServerRefresh;
import org.thor.app.HostPort;
import org.thor.app.ThorVersion;
import org.thor.overlay.agent.ManagerAgent;
import org.thor.overlay.agent.MemberAgent;
import org.thor.overlay.event.EventServer;
import org.thor.overlay.event.EventServerConfig;
import org.thor.overlay.http.HttpApiConfig;
import org.thor.overlay.http.HttpApiServer;
import org.thor.overlay.http.NodeApi;
import org.thor.overlay.http.NodeMetrics;
import org.thor.overlay.http.NodeState;
import org.thor.overlay.lookup.LookupObserver;
import org.thor.overlay.lookup.LookupServer;
import org.thor.overlay.member.Member;
import org.thor.overlay.membership.MembershipSettings;
import org.thor.overlay.tls.CertificateProfile;
import org.thor.overlay.tls.MemberIdentity;
import org.thor.overlay.tls.ReloadingTls;

/**
 * One {@code thor run} process: a camel-main application whose CamelContext starts, in order,
 * the event server, the lookup service, the node HTTP API, the member (or manager) agent and the
 * role health monitor the config lists, as Camel services, and then the YAML routes: Thor's shared error
 * handling ({@value #ERRORS_ROUTE}), the files of each announced role's definition and the
 * config's own {@code routes}. Routes reach the overlay through the {@code thor:} component.
 */
public final class ThorRuntime implements AutoCloseable {

    /** The shared route configuration every default route opts into ({@code routeConfigurationId: thor-errors}). */
    public static final String ERRORS_ROUTE = "classpath:routes/errors.camel.yaml";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ThorRuntime.class);

    private final RunConfig config;
    private final ReloadingTls tls;
    private final MemberIdentity identity;
    private final Map<String, RoleDefinitionFiles.Loaded> definitions;
    private final AgentOverlay overlay = new AgentOverlay(1000);
    private final Main main = new Main();
    private List<InetSocketAddress> eventServers;
    private LifecycleService<EventServer> eventServer;
    private LifecycleService<LookupServer> lookup;
    private LifecycleService<HttpApiServer> http;
    private LifecycleService<org.thor.dns.DnsServer> dns;
    private org.thor.dns.LiveZoneFeed dnsFeed;
    private LifecycleService<AutoCloseable> member;
    private LifecycleService<RoleHealthMonitor> health;
    private volatile MemberAgent agent;

    private ThorRuntime(RunConfig config, ReloadingTls tls, Map<String, RoleDefinitionFiles.Loaded> definitions) {
        this.config = config;
        this.tls = tls;
        this.identity = tls.current().identity();
        this.definitions = definitions;
    }

    /**
     * Checks {@code config} against the certificate and the role definitions, then starts
     * everything; returns once the routes run.
     *
     * @throws ConfigException when a key names something that cannot be used (the message names
     *                         the file and the key; a route file that cannot start is named too)
     */
    public static ThorRuntime start(RunConfig config) throws Exception {
        Map<String, RoleDefinitionFiles.Loaded> all = config.roleDefinitions() == null ? Map.of()
                : RoleDefinitionFiles.read(config.roleDefinitions());
        ReloadingTls tls = ReloadingTls.start(config.tls(), Duration.ofSeconds(config.reloadSeconds()));
        ThorRuntime runtime = new ThorRuntime(config, tls, all);
        try {
            runtime.check();
            runtime.eventServers = runtime.findEventServers();
            runtime.boot();
            return runtime;
        } catch (Exception | Error e) {
            runtime.close();
            throw e;
        }
    }

    private void check() {
        for (int i = 0; i < config.roles().size(); i++) {
            String role = config.roles().get(i);
            if (!definitions.containsKey(role)) {
                throw new ConfigException(config.file(), "roles[" + i + "]", "no definition of role '" + role + "' in "
                        + config.roleDefinitions() + " (it defines " + definitions.keySet() + ")");
            }
            if (!identity.hasRole(role)) {
                throw new ConfigException(config.file(), "roles[" + i + "]", "role '" + role + "' is not in the certificate of "
                        + identity.name() + ", which allows " + new TreeSet<>(identity.roles()));
            }
        }
        if (config.manager() && !identity.hasRole(CertificateProfile.MANAGER_ROLE)) {
            throw new ConfigException(config.file(), "services.manager", "the certificate of " + identity.name()
                    + " lacks the role " + CertificateProfile.MANAGER_ROLE);
        }
        if (config.dns() != null && !identity.hasRole(org.thor.dns.RoleRecordTable.DEFAULT_NS_ROLE)) {
            throw new ConfigException(config.file(), "services.dns", "the certificate of " + identity.name()
                    + " lacks the role " + org.thor.dns.RoleRecordTable.DEFAULT_NS_ROLE);
        }
        if (config.eventServer() != null && !identity.hasRole(CertificateProfile.EVENT_SERVER_ROLE)) {
            throw new ConfigException(config.file(), "services.eventServer", "the certificate of " + identity.name()
                    + " lacks the role " + CertificateProfile.EVENT_SERVER_ROLE);
        }
    }

    /** The configured event servers, or those DNS SRV names for the certificate's domain. */
    private List<InetSocketAddress> findEventServers() {
        if (!config.eventServers().isEmpty()) {
            return config.eventServers().stream().map(hp -> new InetSocketAddress(hp.host(), hp.port())).toList();
        }
        try {
            List<InetSocketAddress> found = EventServerDiscovery.find(identity.domain(), config.eventServerDns());
            LOG.info("event servers of {} from DNS: {}", identity.domain(), found);
            return found;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.file(), config.eventServerDns() == null ? "eventServers" : "eventServerDns",
                    "left out, so the event servers were looked up in DNS: " + e.getMessage());
        }
    }

    private void boot() throws Exception {
        List<String> patterns = new ArrayList<>();
        patterns.add(ERRORS_ROUTE);
        for (String role : config.roles()) {
            patterns.addAll(definitions.get(role).routePatterns());
        }
        patterns.addAll(config.routes());
        main.configure()
                .withName("thor-" + identity.name())
                .withRoutesIncludePattern(String.join(",", new LinkedHashSet<>(patterns)))
                .withSourceLocationEnabled(true)
                .withJmxEnabled(false)
                .withShutdownTimeout(5);
        main.bind("thor", new ThorComponent(overlay));
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport support) {
                addServices(support.getCamelContext());
            }
        });
        try {
            main.start();
        } catch (Exception e) {
            throw nameTheRouteFile(e);
        }
    }

    private void addServices(CamelContext context) {
        List<InetSocketAddress> servers = eventServers;
        MembershipSettings settings = MembershipSettings.defaults(servers.size());
        if (config.eventServer() != null) {
            HostPort at = config.eventServer();
            eventServer = new LifecycleService<>("event server", () -> EventServer.start(
                    EventServerConfig.defaults().withAddress(at.host(), at.port()).withMembership(settings), tls));
            addService(context, eventServer);
        }
        boolean isMember = config.eventServer() != null || config.manager() || config.lookup() != null
                || config.http() != null || config.dns() != null || !config.roles().isEmpty();
        if (!isMember) {
            return;
        }
        NodeState node = NodeState.of(() -> agent, 1000, this::roleHealth);
        NodeMetrics metrics = config.http() == null ? null : new NodeMetrics(node);
        if (config.lookup() != null) {
            LookupObserver counted = metrics == null ? LookupObserver.NONE : metrics.tcpLookups();
            lookup = new LifecycleService<>("lookup service", () -> LookupServer.start(config.lookup(), overlay::rings,
                    counted));
            addService(context, lookup);
        }
        if (config.http() != null) {
            HostPort at = config.http();
            http = new LifecycleService<>("node HTTP API", () -> HttpApiServer.start(
                    HttpApiConfig.defaults().withAddress(at.host(), at.port()), NodeApi.router(node, metrics)));
            addService(context, http);
        }
        if (config.dns() != null) {
            // thor-dns from the live status, with the SRV records of every role definition given
            HostPort at = config.dns();
            org.thor.dns.ZoneBuilder builder = new org.thor.dns.ZoneBuilder(
                    org.thor.dns.ZoneConfig.defaults(identity.domain()),
                    RoleDnsRecords.withDefinitions(org.thor.dns.RoleRecordTable.defaults(),
                            definitions.values().stream().map(RoleDefinitionFiles.Loaded::definition).toList()));
            org.thor.dns.ZoneDirectory zone = org.thor.dns.LiveZoneFeed.emptyDirectory(builder);
            dnsFeed = new org.thor.dns.LiveZoneFeed(builder, zone);
            dns = new LifecycleService<>("dns server", () -> org.thor.dns.DnsServer.start(
                    org.thor.dns.DnsServerConfig.defaults().withAddress(at.host(), at.port()), zone));
            addService(context, dns);
        }
        Set<String> always = new TreeSet<>();
        List<RoleHealthMonitor.Watched> watched = new ArrayList<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (config.manager()) {
            always.add(CertificateProfile.MANAGER_ROLE);
        }
        if (config.dns() != null) {
            always.add(org.thor.dns.RoleRecordTable.DEFAULT_NS_ROLE);
        }
        if (config.eventServer() != null) {
            // listed under _eventserver._tcp, so that members can find this server through DNS
            always.add(CertificateProfile.EVENT_SERVER_ROLE);
        }
        Set<String> ringless = new TreeSet<>();
        for (String role : config.roles()) {
            RoleDefinition definition = definitions.get(role).definition();
            if (!definition.ring()) {
                ringless.add(role);
            }
            if (definition.healthCheck() == null) {
                always.add(role);
            } else {
                // an adapter's own check is a HealthProbe bean, looked up by name at every check
                watched.add(RoleHealthMonitor.Watched.of(role, definition.healthCheck(),
                        name -> context.getRegistry().lookupByNameAndType(name, org.thor.adapters.role.HealthProbe.class)));
            }
            if (definition.port() > 0) {
                ports.put(role, definition.port());
            }
        }
        MemberAgent.MemberAgentConfig agentConfig = new MemberAgent.MemberAgentConfig(servers, settings, 1000,
                ThorVersion.version(), config.region(), Map.of());
        member = new LifecycleService<>(config.manager() ? "manager" : "member", () -> {
            if (lookup != null) {
                ports.put("lookup", lookup.get().localAddress().getPort());
            }
            if (http != null) {
                ports.put("http", http.get().localAddress().getPort());
            }
            if (dns != null) {
                ports.put(org.thor.dns.RoleRecordTable.DEFAULT_NS_ROLE, dns.get().localAddress().getPort());
            }
            if (eventServer != null) {
                ports.put(org.thor.dns.RoleRecordTable.EVENT_SERVER_PORT, eventServer.get().localAddress().getPort());
            }
            String address = config.address() != null ? config.address() : identity.ipAddresses().get(0);
            AutoCloseable started;
            if (config.manager()) {
                ManagerAgent manager = ManagerAgent.start(new Member(identity.name(), address,
                        Set.of(CertificateProfile.MANAGER_ROLE), ports), agentConfig, tls);
                agent = manager.member();
                started = manager;
            } else {
                Set<String> alwaysRingless = new TreeSet<>(ringless);
                alwaysRingless.retainAll(always);
                agent = MemberAgent.start(new Member(identity.name(), address, always, ports, alwaysRingless), agentConfig, tls);
                started = agent;
            }
            overlay.attach(agent);
            // a member that found its event servers in DNS follows DNS; a manager keeps the servers it counts
            EventServerRefresh refresh = config.eventServers().isEmpty() && !config.manager()
                    ? EventServerRefresh.start(() -> EventServerDiscovery.find(identity.domain(), config.eventServerDns()),
                            agent.client(), EventServerRefresh.DEFAULT_INTERVAL)
                    : null;
            AutoCloseable stop = () -> {
                if (refresh != null) {
                    refresh.close();
                }
                overlay.detach();
                started.close();
            };
            try {
                if (dnsFeed != null) {
                    agent.follower().addListener(dnsFeed);
                    org.thor.overlay.membership.NetworkStatus current = agent.follower().current();
                    if (current != null) {
                        dnsFeed.accept(current);
                    }
                }
            } catch (RuntimeException e) {
                stop.close();
                throw e;
            }
            return stop;
        });
        addService(context, member);
        health = new LifecycleService<>("role health", () -> {
            RoleHealthMonitor monitor = new RoleHealthMonitor(always, watched, roles -> agent.announce(roles, ringless));
            monitor.start();
            return monitor;
        });
        addService(context, health);
    }

    /** Health of every role this process announces or watches, for the HTTP API. */
    private Map<String, Boolean> roleHealth() {
        RoleHealthMonitor monitor = health();
        if (monitor == null) {
            return Map.of();
        }
        Map<String, Boolean> roles = new TreeMap<>();
        for (String role : config.roles()) {
            roles.put(role, monitor.isHealthy(role));
        }
        return roles;
    }

    private static void addService(CamelContext context, LifecycleService<?> service) {
        try {
            context.addService(service, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start " + service + ": " + e.getMessage(), e);
        }
    }

    private Exception nameTheRouteFile(Exception e) {
        String problem = RouteFailures.describe(main.getCamelContext(), e);
        return problem == null ? e : new ConfigException(config.file(), "routes", problem);
    }

    public String name() {
        return identity.name();
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    /** The member agent, or null when this process runs no member. */
    public MemberAgent agent() {
        return agent;
    }

    public RoleHealthMonitor health() {
        return health == null ? null : health.get();
    }

    public InetSocketAddress eventServerAddress() {
        return eventServer == null || eventServer.get() == null ? null : eventServer.get().localAddress();
    }

    public InetSocketAddress lookupAddress() {
        return lookup == null || lookup.get() == null ? null : lookup.get().localAddress();
    }

    public InetSocketAddress dnsAddress() {
        return dns == null || dns.get() == null ? null : dns.get().localAddress();
    }

    public InetSocketAddress httpAddress() {
        return http == null || http.get() == null ? null : http.get().localAddress();
    }

    /** Stops the routes, then the services in reverse order, then the TLS file watch. */
    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            // stopping anyway
        }
        tls.close();
    }
}
