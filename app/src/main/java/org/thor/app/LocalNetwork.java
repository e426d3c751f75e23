package org.thor.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.thor.overlay.lookup.LookupClient;
import org.thor.overlay.tls.CertificateAuthority;

/**
 * A whole network on this host, one process per member, each on its own loopback address: a CA
 * in {@code DIR/ca} with a certificate per member, three event servers (127.0.0.11-13, each also a
 * member, so DNS lists them under {@code _eventserver._tcp}), two managers (127.0.0.21-22), two
 * thor-dns members answering from the live network (127.0.0.41-42) and N nodes (127.0.0.31, .32,
 * ...). {@code thor demo} runs one; the multi-process tests and the benchmarks run theirs.
 */
public final class LocalNetwork implements AutoCloseable {

    public static final String DOMAIN = "example.com";
    public static final int EVENT_SERVERS = 3;
    public static final int MANAGERS = 2;
    public static final int DNS_SERVERS = 2;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final CertificateAuthority ca;
    private final int lookupPort;
    private final List<MemberProcess> members = Collections.synchronizedList(new ArrayList<>());
    private String eventServers;
    private volatile boolean stopped;

    private LocalNetwork(Path dir, CertificateAuthority ca, int lookupPort) {
        this.dir = dir;
        this.ca = ca;
        this.lookupPort = lookupPort;
    }

    /**
     * Creates the CA and certificates (a CA left in {@code DIR/ca} by an earlier run is replaced)
     * and starts every member, waiting for each to be ready.
     *
     * @throws IllegalStateException naming the member that did not start (the others are stopped)
     */
    public static LocalNetwork start(Path dir, int nodes, int eventPort, int lookupPort) throws IOException, InterruptedException {
        return start(dir, nodes, eventPort, lookupPort, 0);
    }

    /**
     * As {@link #start(Path, int, int, int)}, with the thor-dns members on {@code dnsPort} (UDP and TCP;
     * 0 picks free ports).
     */
    public static LocalNetwork start(Path dir, int nodes, int eventPort, int lookupPort, int dnsPort)
            throws IOException, InterruptedException {
        Path caDir = dir.resolve("ca");
        Files.createDirectories(dir.resolve("logs"));
        deleteTree(caDir);
        CertificateAuthority ca = CertificateAuthority.init(caDir, DOMAIN, Clock.systemUTC());
        for (int i = 1; i <= EVENT_SERVERS; i++) {
            issue(ca, "events" + i, eventServerAddress(i), "thor_eventserver");
        }
        for (int i = 1; i <= MANAGERS; i++) {
            issue(ca, "manager" + i, managerAddress(i), "thor_manager");
        }
        for (int i = 1; i <= nodes; i++) {
            issue(ca, "node" + i, nodeAddress(i), "sip_proxy", i % 2 == 1 ? "voicemail_server" : "media_relay");
        }
        for (int i = 1; i <= DNS_SERVERS; i++) {
            issue(ca, "dns" + i, dnsAddress(i), DnsServerCommand.DNS_ROLE);
        }
        issue(ca, "operator", "127.0.0.1", "thor_admin");
        issue(ca, "monitor", "127.0.0.1", "thor_monitor");
        LocalNetwork net = new LocalNetwork(dir, ca, lookupPort);
        try {
            // every event server joins through all of them, so their ports must be known before any starts
            List<String> eventAddresses = new ArrayList<>();
            for (int i = 1; i <= EVENT_SERVERS; i++) {
                eventAddresses.add(eventServerAddress(i) + ":" + (eventPort != 0 ? eventPort : freePort(eventServerAddress(i))));
            }
            String allEventServers = String.join(",", eventAddresses);
            for (int i = 1; i <= EVENT_SERVERS; i++) {
                String name = "events" + i;
                net.launch(name, "eventserver", eventServerAddress(i), List.of("event-server",
                        "--cert", ca.certificateFile(name).toAbsolutePath().toString(),
                        "--key", ca.keyFile(name).toAbsolutePath().toString(),
                        "--ca", ca.caCertificateFile().toAbsolutePath().toString(),
                        "--crl", ca.crlFile().toAbsolutePath().toString(),
                        "--listen", eventAddresses.get(i - 1), "--event-servers", allEventServers, "--exit-with-parent"));
            }
            net.awaitAll();
            net.eventServers = String.join(",", net.ofKind("eventserver").stream().map(m -> m.address() + ":" + m.port()).toList());
            for (int i = 1; i <= MANAGERS; i++) {
                net.launch("manager" + i, "manager", managerAddress(i), List.of("manager",
                        "--ca-dir", net.caPath(), "--name", "manager" + i, "--event-servers", net.eventServers,
                        "--exit-with-parent"));
            }
            for (int i = 1; i <= DNS_SERVERS; i++) {
                net.launch("dns" + i, "dns", dnsAddress(i), List.of("dns-server",
                        "--ca-dir", net.caPath(), "--name", "dns" + i, "--event-servers", net.eventServers,
                        "--listen", dnsAddress(i) + ":" + dnsPort, "--udp-sockets", "1", "--exit-with-parent"));
            }
            for (int i = 1; i <= nodes; i++) {
                net.launchNode(i);
            }
            net.awaitAll();
        } catch (IOException | InterruptedException | RuntimeException e) {
            net.close();
            throw e;
        }
        return net;
    }

    /** Starts node {@code i} (again): for a node that was killed, this is a rejoin. */
    public MemberProcess startNode(int i) throws IOException, InterruptedException {
        MemberProcess node = launchNode(i);
        String failure = node.awaitReady(START_TIMEOUT);
        if (failure != null) {
            throw new IllegalStateException("node" + i + " did not start: " + failure + " (see " + node.log() + ")");
        }
        return node;
    }

    /**
     * Starts node {@code i} (again) with no event-server list: it finds the event servers through
     * SRV {@code _eventserver._tcp} asked of {@code dns} (HOST:PORT), as a zero-configuration node does,
     * and asks again every {@code refresh}.
     */
    public MemberProcess startNodeFindingEventServersThrough(int i, String dns, Duration refresh)
            throws IOException, InterruptedException {
        MemberProcess node = launchNode(i, List.of("--dns", dns, "--dns-refresh", Long.toString(refresh.toSeconds())));
        String failure = node.awaitReady(START_TIMEOUT);
        if (failure != null) {
            throw new IllegalStateException("node" + i + " did not start: " + failure + " (see " + node.log() + ")");
        }
        return node;
    }

    private MemberProcess launchNode(int i) throws IOException {
        return launchNode(i, List.of("--event-servers", eventServers));
    }

    private MemberProcess launchNode(int i, List<String> eventServerOptions) throws IOException {
        String role = i % 2 == 1 ? "voicemail_server=5070" : "media_relay=25060";
        members.removeIf(m -> m.name().equals("node" + i));
        String name = "node" + i;
        // a node gets nothing but its certificate, key and the CA (plus where, or how, to find the event servers)
        List<String> args = new ArrayList<>(List.of("node", "--cert", ca.certificateFile(name).toAbsolutePath().toString(),
                "--key", ca.keyFile(name).toAbsolutePath().toString(),
                "--ca", ca.caCertificateFile().toAbsolutePath().toString()));
        args.addAll(eventServerOptions);
        args.addAll(List.of("--lookup", nodeAddress(i) + ":" + lookupPort, "--port", "sip_proxy=5060", "--port", role,
                "--exit-with-parent"));
        return launch("node" + i, "node", nodeAddress(i), args);
    }

    /** A port free on {@code address} now (for members that must know each other's ports before they start). */
    private static int freePort(String address) throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    private MemberProcess launch(String name, String kind, String address, List<String> args) throws IOException {
        MemberProcess m = MemberProcess.start(name, kind, address, args, dir.resolve("logs"));
        members.add(m);
        return m;
    }

    private void awaitAll() throws InterruptedException {
        for (MemberProcess m : members()) {
            String failure = m.awaitReady(START_TIMEOUT);
            if (failure != null) {
                throw new IllegalStateException(m.name() + " did not start: " + failure + " (see " + m.log() + ")");
            }
        }
    }

    /**
     * Waits until every node's rings hold exactly the {@code expected} node addresses for
     * sip_proxy (asked with the lookup protocol's {@code nodes} command).
     */
    public boolean awaitNodes(List<MemberProcess> askers, List<String> expected, Duration timeout) throws InterruptedException {
        String want = String.join(" ", expected.stream().sorted().toList());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (askers.stream().allMatch(n -> want.equals(nodesSeenBy(n)))) {
                return true;
            }
            Thread.sleep(10); // polling other processes
        }
        return false;
    }

    /** The sip_proxy node addresses a node's rings hold now, space-separated and sorted; null when it does not answer. */
    public static String nodesSeenBy(MemberProcess node) {
        try (LookupClient c = new LookupClient(node.address(), node.port(), Duration.ofSeconds(2))) {
            return c.request("nodes sip_proxy");
        } catch (IOException e) {
            return null;
        }
    }

    public Path writeEndpoints() throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (MemberProcess m : members()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", m.name());
            entry.put("kind", m.kind());
            entry.put("pid", m.pid());
            entry.put("address", m.address());
            entry.put("ports", m.portName() == null ? Map.of() : Map.of(m.portName(), m.port()));
            list.add(entry);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("domain", DOMAIN);
        doc.put("members", list);
        Path file = dir.resolve("endpoints.json");
        Path tmp = dir.resolve("endpoints.json.tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), doc);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    public List<MemberProcess> members() {
        synchronized (members) {
            return List.copyOf(members);
        }
    }

    public List<MemberProcess> ofKind(String kind) {
        return members().stream().filter(m -> m.kind().equals(kind)).toList();
    }

    public MemberProcess member(String name) {
        return members().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no member " + name));
    }

    public Path dir() {
        return dir;
    }

    public Path caDir() {
        return dir.resolve("ca");
    }

    private String caPath() {
        return caDir().toAbsolutePath().toString();
    }

    public static String eventServerAddress(int i) {
        return "127.0.0." + (10 + i);
    }

    public static String managerAddress(int i) {
        return "127.0.0." + (20 + i);
    }

    public static String nodeAddress(int i) {
        return "127.0.0." + (30 + i);
    }

    public static String dnsAddress(int i) {
        return "127.0.0." + (40 + i);
    }

    private static void issue(CertificateAuthority ca, String name, String ip, String... roles) {
        ca.issue(name, List.of(ip), List.of(), Set.of(roles), 30, false);
    }

    /** Stops every member: nodes first, then dns members, managers, event servers, so that leaves reach the managers. */
    @Override
    public void close() throws InterruptedException {
        if (stopped) {
            return;
        }
        stopped = true;
        List<MemberProcess> order = new ArrayList<>(members());
        Collections.reverse(order);
        for (MemberProcess m : order) {
            m.process().destroy();
        }
        for (MemberProcess m : order) {
            if (!m.process().waitFor(10, TimeUnit.SECONDS)) {
                m.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    public boolean isStopped() {
        return stopped;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
