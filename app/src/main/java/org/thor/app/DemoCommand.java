package org.thor.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.thor.overlay.lookup.LookupClient;
import org.thor.overlay.tls.CertificateAuthority;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code thor demo}: a whole network on one host, each member its own process on its own loopback
 * address, so that answers name distinct nodes as they would across hosts and a user can kill,
 * pause or disable a member and watch the rest heal.
 *
 * <p>What it starts grows with the project. Now: a CA in {@code DIR/ca} with a certificate per
 * member; three event servers (127.0.0.11-13), two managers (127.0.0.21-22) and N nodes
 * (127.0.0.31, .32, ...), each node serving lookups from the live rings. It writes
 * {@code DIR/endpoints.json}, keeps each member's output in {@code DIR/logs/NAME.log}, and stops
 * every member on Ctrl-C.
 */
@Command(name = "demo",
        description = "Run a whole network on this host, one process per member.",
        mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {

    static final String DOMAIN = "example.com";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final int EVENT_SERVERS = 3;
    private static final int MANAGERS = 2;

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
            description = "Event server port on each event server's address; 0 picks free ports (default: ${DEFAULT-VALUE}).")
    int eventPort;

    private final List<DemoMember> started = new ArrayList<>();
    private volatile boolean stopping;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (nodes < 1 || nodes > 40) {
            err.println("thor demo: --nodes must be 1..40, got " + nodes);
            return 2;
        }
        if (lookupPort < 0 || lookupPort > 65535 || eventPort < 0 || eventPort > 65535) {
            err.println("thor demo: ports must be 0..65535");
            return 2;
        }
        Path caDir = dir.resolve("ca");
        Files.createDirectories(dir.resolve("logs"));
        deleteTree(caDir);
        CertificateAuthority ca = CertificateAuthority.init(caDir, DOMAIN, Clock.systemUTC());
        for (int i = 1; i <= EVENT_SERVERS; i++) {
            issue(ca, "events" + i, eventServerAddress(i), "thor_eventserver");
        }
        for (int i = 1; i <= MANAGERS; i++) {
            issue(ca, "manager" + i, "127.0.0." + (20 + i), "thor_manager");
        }
        for (int i = 1; i <= nodes; i++) {
            issue(ca, "node" + i, nodeAddress(i), "sip_proxy", i % 2 == 1 ? "voicemail_server" : "media_relay");
        }
        issue(ca, "operator", "127.0.0.1", "thor_admin");
        issue(ca, "monitor", "127.0.0.1", "thor_monitor");

        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll(out);
            done.countDown();
        }, "thor-demo-shutdown"));

        String caPath = caDir.toAbsolutePath().toString();
        for (int i = 1; i <= EVENT_SERVERS; i++) {
            String name = "events" + i;
            started.add(start(name, "eventserver", eventServerAddress(i), List.of("event-server",
                    "--cert", ca.certificateFile(name).toAbsolutePath().toString(),
                    "--key", ca.keyFile(name).toAbsolutePath().toString(),
                    "--ca", ca.caCertificateFile().toAbsolutePath().toString(),
                    "--crl", ca.crlFile().toAbsolutePath().toString(),
                    "--listen", eventServerAddress(i) + ":" + eventPort, "--exit-with-parent")));
        }
        if (!awaitAll(err)) {
            return 1;
        }
        String servers = String.join(",", started.stream().map(m -> m.address + ":" + m.port).toList());
        for (int i = 1; i <= MANAGERS; i++) {
            started.add(start("manager" + i, "manager", "127.0.0." + (20 + i), List.of("manager",
                    "--ca-dir", caPath, "--name", "manager" + i, "--event-servers", servers, "--exit-with-parent")));
        }
        for (int i = 1; i <= nodes; i++) {
            String role = i % 2 == 1 ? "voicemail_server=5070" : "media_relay=25060";
            started.add(start("node" + i, "node", nodeAddress(i), List.of("node",
                    "--ca-dir", caPath, "--name", "node" + i, "--event-servers", servers,
                    "--lookup", nodeAddress(i) + ":" + lookupPort, "--port", "sip_proxy=5060", "--port", role,
                    "--exit-with-parent")));
        }
        if (!awaitAll(err)) {
            return 1;
        }
        Path endpoints = writeEndpoints();
        boolean converged = awaitNetwork();
        printSummary(out, endpoints, caDir, converged);
        for (DemoMember member : started) {
            member.process.onExit().thenAccept(p -> {
                if (!stopping) {
                    out.println("member " + member.name + " (pid " + p.pid() + ") exited with code " + p.exitValue());
                    out.flush();
                }
            });
        }
        done.await();
        return 0;
    }

    static String eventServerAddress(int i) {
        return "127.0.0." + (10 + i);
    }

    static String nodeAddress(int i) {
        return "127.0.0." + (30 + i);
    }

    private static void issue(CertificateAuthority ca, String name, String ip, String... roles) {
        ca.issue(name, List.of(ip), List.of(), Set.of(roles), 30, false);
    }

    private boolean awaitAll(PrintWriter err) throws InterruptedException {
        for (DemoMember member : started) {
            String failure = member.awaitReady(START_TIMEOUT);
            if (failure != null) {
                err.println("thor demo: " + member.name + " did not start: " + failure);
                err.println("  see " + member.log);
                stopAll(new PrintWriter(Writer.nullWriter()));
                return false;
            }
        }
        return true;
    }

    /** Waits until the first node's rings hold every node: the network status has gone round. */
    private boolean awaitNetwork() throws InterruptedException {
        DemoMember first = started.stream().filter(m -> m.kind.equals("node")).findFirst().orElseThrow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (LookupClient client = new LookupClient(first.address, first.port, Duration.ofSeconds(2))) {
                String answer = client.request("nodes sip_proxy");
                if (answer != null && answer.split(" ").length == nodes) {
                    return true;
                }
            } catch (IOException e) {
                // not answering yet
            }
            Thread.sleep(100); // polling a separate process
        }
        return false;
    }

    private DemoMember start(String name, String kind, String address, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xss512k");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xmx128m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ThorCommand.class.getName());
        command.addAll(args);
        Path log = dir.resolve("logs").resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new DemoMember(name, kind, address, process, log);
    }

    private Path writeEndpoints() throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (DemoMember m : started) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", m.name);
            entry.put("kind", m.kind);
            entry.put("pid", m.process.pid());
            entry.put("address", m.address);
            entry.put("ports", m.portName == null ? Map.of() : Map.of(m.portName, m.port));
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

    private void printSummary(PrintWriter out, Path endpoints, Path caDir, boolean converged) {
        out.println("Thor demo network for " + DOMAIN + " is up (" + started.size() + " members)"
                + (converged ? "." : ", but the first node has not seen every node yet: see the logs."));
        out.println();
        out.printf("  %-9s %-12s %-8s %-12s %s%n", "NAME", "KIND", "PID", "ADDRESS", "PORTS");
        for (DemoMember m : started) {
            out.printf("  %-9s %-12s %-8d %-12s %s%n", m.name, m.kind, m.process.pid(), m.address,
                    m.portName == null ? "" : m.portName + "=" + m.port);
        }
        DemoMember first = started.stream().filter(m -> m.kind.equals("node")).findFirst().orElseThrow();
        DemoMember last = started.get(started.size() - 1);
        String ep = endpoints.toString();
        String ca = caDir.toString();
        out.println();
        out.println("Endpoints: " + endpoints.toAbsolutePath());
        out.println("CA:        " + caDir.toAbsolutePath() + " (a certificate per member; 'operator' may disable nodes)");
        out.println("Logs:      " + dir.resolve("logs").toAbsolutePath());
        out.println();
        out.println("Try:");
        out.println("  ./thor monitor --ca-dir " + ca + " --name monitor --endpoints " + ep);
        out.println("  ./thor lookup sip_proxy alice@" + DOMAIN + " --server " + first.address + ":" + first.port);
        out.println("  ./thor lookup sip_proxy alice@" + DOMAIN + " --server " + last.address + ":" + last.port
                + "   # every node gives the same answer");
        out.println("  kill -9 " + last.process.pid() + "        # " + last.name + " leaves every ring within a second");
        out.println("  kill -STOP " + last.process.pid() + "     # a hung node leaves within 3 s; kill -CONT brings it back");
        out.println("  ./thor admin disable " + last.name + " --ca-dir " + ca + " --name operator --endpoints " + ep);
        out.println();
        out.println("Ctrl-C stops everything.");
        out.flush();
    }

    private synchronized void stopAll(PrintWriter out) {
        if (stopping) {
            return;
        }
        stopping = true;
        // nodes first, then managers, then event servers: leaves still reach the managers
        List<DemoMember> order = new ArrayList<>(started);
        java.util.Collections.reverse(order);
        for (DemoMember m : order) {
            m.process.destroy();
        }
        for (DemoMember m : order) {
            try {
                if (!m.process.waitFor(10, TimeUnit.SECONDS)) {
                    m.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                m.process.destroyForcibly();
            }
        }
        if (!started.isEmpty()) {
            out.println("Stopped " + started.size() + " members.");
            out.flush();
        }
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

    /** One child process: copies its output to its log and notices its READY line. */
    private static final class DemoMember {
        final String name;
        final String kind;
        final String address;
        final Process process;
        final Path log;
        final CompletableFuture<String> ready = new CompletableFuture<>();
        volatile String portName;
        volatile int port;

        DemoMember(String name, String kind, String address, Process process, Path log) throws IOException {
            this.name = name;
            this.kind = kind;
            this.address = address;
            this.process = process;
            this.log = log;
            Writer writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
            Thread pump = new Thread(() -> pump(writer), "thor-demo-" + name);
            pump.setDaemon(true);
            pump.start();
        }

        private void pump(Writer writer) {
            try (writer; BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("READY ") && !ready.isDone()) {
                        onReady(line);
                    }
                    writer.write(line);
                    writer.write('\n');
                    writer.flush();
                }
            } catch (IOException e) {
                // the process is gone; awaitReady reports it
            }
            ready.complete(null);
        }

        /** {@code READY eventserver HOST:PORT}, {@code READY node NAME lookup=HOST:PORT}, {@code READY manager NAME}. */
        private void onReady(String line) {
            String[] words = line.split(" ");
            if (words[1].equals("eventserver")) {
                portName = "events";
                port = HostPort.parse(words[2], 0).port();
            } else if (words[1].equals("node")) {
                portName = "lookup";
                port = HostPort.parse(words[3].substring("lookup=".length()), 0).port();
            }
            ready.complete(line);
        }

        /** Null when the member is up; otherwise why it is not. */
        String awaitReady(Duration timeout) throws InterruptedException {
            try {
                if (ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS) != null) {
                    return null;
                }
                process.waitFor(5, TimeUnit.SECONDS);
                return "exited" + (process.isAlive() ? "" : " with code " + process.exitValue()) + lastLine();
            } catch (ExecutionException | TimeoutException e) {
                return "no READY line within " + timeout.toSeconds() + " s";
            }
        }

        private String lastLine() {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1);
            } catch (IOException e) {
                return "";
            }
        }
    }
}
