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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.thor.overlay.member.Member;
import org.thor.overlay.ring.HashRing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code thor demo}: a whole network on one host, each member its own process on its own loopback
 * address (127.0.0.11, 127.0.0.12, ...), so that answers name distinct nodes as they would across
 * hosts and a user can kill one member and watch the rest.
 *
 * <p>What it starts grows with the project. Now: one lookup service per node, all serving the same
 * static membership. It writes {@code DIR/endpoints.json} and {@code DIR/members.yaml}, keeps each
 * member's output in {@code DIR/logs/NAME.log}, and stops every member on Ctrl-C.
 */
@Command(name = "demo",
        description = "Run a whole network on this host, one process per member.",
        mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {

    static final String DOMAIN = "example.com";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "demo",
            description = "Directory for endpoints.json, members.yaml and logs (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "4",
            description = "Number of nodes, 1..40 (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--lookup-port", paramLabel = "PORT", defaultValue = "9500",
            description = "Lookup service port on every node's address; 0 picks free ports (default: ${DEFAULT-VALUE}).")
    int lookupPort;

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
        if (lookupPort < 0 || lookupPort > 65535) {
            err.println("thor demo: --lookup-port must be 0..65535, got " + lookupPort);
            return 2;
        }
        Files.createDirectories(dir.resolve("logs"));
        Path membersFile = dir.resolve("members.yaml");
        List<Member> members = demoMembers(nodes);
        new StaticMembers(HashRing.DEFAULT_MULTIPLY, members).write(membersFile);

        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll(out);
            done.countDown();
        }, "thor-demo-shutdown"));

        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            started.add(start("node" + (i + 1), m.address(), List.of("lookup-server",
                    "--members", membersFile.toAbsolutePath().toString(),
                    "--listen", m.address() + ":" + lookupPort,
                    "--exit-with-parent")));
        }
        for (DemoMember member : started) {
            String failure = member.awaitReady(START_TIMEOUT);
            if (failure != null) {
                err.println("thor demo: " + member.name + " did not start: " + failure);
                err.println("  see " + member.log);
                stopAll(out);
                return 1;
            }
        }
        Path endpoints = writeEndpoints();
        printSummary(out, endpoints);
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

    /** Node i (0-based) listens on 127.0.0.(11+i); every node is a sip_proxy, and they share the other roles. */
    static List<Member> demoMembers(int count) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String address = "127.0.0." + (11 + i);
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("sip_proxy", 5060);
            List<String> roles = new ArrayList<>(List.of("sip_proxy"));
            if (i % 2 == 0) {
                roles.add("voicemail_server");
                ports.put("voicemail_server", 5070);
            } else {
                roles.add("media_relay");
                ports.put("media_relay", 25060);
            }
            members.add(new Member("node" + (i + 1), address, Set.copyOf(roles), ports));
        }
        return members;
    }

    private DemoMember start(String name, String address, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xss512k");
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx128m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ThorCommand.class.getName());
        command.addAll(args);
        Path log = dir.resolve("logs").resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new DemoMember(name, address, process, log);
    }

    private Path writeEndpoints() throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (DemoMember m : started) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", m.name);
            entry.put("kind", "node");
            entry.put("pid", m.process.pid());
            entry.put("address", m.address);
            entry.put("ports", Map.of("lookup", m.port));
            list.add(entry);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("domain", DOMAIN);
        doc.put("members", list);
        Path file = dir.resolve("endpoints.json");
        Path tmp = dir.resolve("endpoints.json.tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), doc);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    private void printSummary(PrintWriter out, Path endpoints) {
        out.println("Thor demo network for " + DOMAIN + " is up (" + started.size() + " members).");
        out.println();
        out.printf("  %-8s %-6s %-8s %-12s %s%n", "NAME", "KIND", "PID", "ADDRESS", "PORTS");
        for (DemoMember m : started) {
            out.printf("  %-8s %-6s %-8d %-12s lookup=%d%n", m.name, "node", m.process.pid(), m.address, m.port);
        }
        DemoMember first = started.get(0);
        DemoMember last = started.get(started.size() - 1);
        out.println();
        out.println("Endpoints: " + endpoints.toAbsolutePath());
        out.println("Members:   " + dir.resolve("members.yaml").toAbsolutePath() + " (static membership; no SIP daemons run yet)");
        out.println("Logs:      " + dir.resolve("logs").toAbsolutePath());
        out.println();
        out.println("Try:");
        out.println("  ./thor lookup sip_proxy alice@" + DOMAIN + " --server " + first.address + ":" + first.port);
        out.println("  ./thor lookup sip_proxy alice@" + DOMAIN + " --server " + last.address + ":" + last.port
                + "   # every node gives the same answer");
        out.println("  ./thor lookup voicemail_server sip:bob@" + DOMAIN + " --port --server " + first.address + ":" + first.port);
        out.println("  nc " + first.address + " " + first.port + "   # then type: is_online " + last.address
                + " as sip_proxy, or help");
        out.println("  kill " + last.process.pid() + "   # stop one member; the others keep answering");
        out.println();
        out.println("Ctrl-C stops everything.");
        out.flush();
    }

    private synchronized void stopAll(PrintWriter out) {
        if (stopping) {
            return;
        }
        stopping = true;
        for (DemoMember m : started) {
            m.process.destroy();
        }
        for (DemoMember m : started) {
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

    /** One child process: copies its output to its log and notices its READY line. */
    private static final class DemoMember {
        final String name;
        final String address;
        final Process process;
        final Path log;
        final CompletableFuture<Integer> ready = new CompletableFuture<>();
        volatile int port;

        DemoMember(String name, String address, Process process, Path log) throws IOException {
            this.name = name;
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
                    if (line.startsWith("READY lookup ") && !ready.isDone()) {
                        port = HostPort.parse(line.substring("READY lookup ".length()), 0).port();
                        ready.complete(port);
                    }
                    writer.write(line);
                    writer.write('\n');
                    writer.flush();
                }
            } catch (IOException e) {
                // the process is gone; awaitReady reports it
            }
            ready.complete(-1);
        }

        /** Null when the member listens; otherwise why it does not. */
        String awaitReady(Duration timeout) throws InterruptedException {
            try {
                int p = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (p >= 0) {
                    return null;
                }
                process.waitFor(5, TimeUnit.SECONDS);
                return "exited" + (process.isAlive() ? "" : " with code " + process.exitValue()) + lastLine();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
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
