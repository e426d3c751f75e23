package org.thor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thor.overlay.lookup.LookupClient;

/**
 * {@code thor demo} as a user runs it: separate processes (3 event servers, 2 managers, nodes),
 * endpoints.json, every node answering alike, a node killed hard leaving every ring, the monitor
 * and an operator's disable, and Ctrl-C stopping all.
 */
@Tag("multi-process")
class DemoIT {

    @TempDir
    Path dir;

    private Process demo;

    @AfterEach
    void cleanUp() {
        if (demo != null) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
    }

    private JsonNode startDemo(int nodes) throws IOException {
        demo = new ProcessBuilder("java", "-jar", jar(), "demo", "--dir", dir.toString(),
                "--lookup-port", "0", "--event-port", "0", "--dns-port", "0", "--nodes", String.valueOf(nodes))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("demo.out").toFile())
                .start();
        Path endpoints = dir.resolve("endpoints.json");
        await().atMost(Duration.ofSeconds(120)).until(() -> output().contains("Ctrl-C stops everything") || !demo.isAlive());
        assertThat(demo.isAlive()).as("demo runs; output: %s", output()).isTrue();
        return new ObjectMapper().readTree(endpoints.toFile());
    }

    private static String jar() {
        String jar = System.getProperty("thor.jar");
        assertThat(Path.of(jar)).exists();
        return jar;
    }

    private String output() throws IOException {
        Path out = dir.resolve("demo.out");
        return Files.exists(out) ? Files.readString(out) : "";
    }

    private static List<JsonNode> ofKind(JsonNode endpoints, String kind) {
        List<JsonNode> list = new ArrayList<>();
        endpoints.get("members").forEach(m -> {
            if (m.get("kind").asText().equals(kind)) {
                list.add(m);
            }
        });
        return list;
    }

    private static String ask(JsonNode node, String line) throws IOException {
        try (LookupClient c = new LookupClient(node.get("address").asText(), node.get("ports").get("lookup").asInt(),
                Duration.ofSeconds(5))) {
            return c.request(line);
        }
    }

    private String runThor(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }

    @Test
    void aWholeNetworkHealsAroundAKilledNodeAndStopsOnCtrlC() throws Exception {
        JsonNode endpoints = startDemo(3);
        assertThat(endpoints.get("domain").asText()).isEqualTo("example.com");
        assertThat(ofKind(endpoints, "eventserver")).hasSize(3)
                .allMatch(m -> m.get("ports").get("events").asInt() > 0);
        assertThat(ofKind(endpoints, "manager")).hasSize(2);
        assertThat(ofKind(endpoints, "dns")).extracting(m -> m.get("address").asText()).containsExactly("127.0.0.41", "127.0.0.42");
        assertThat(ofKind(endpoints, "dns")).allMatch(m -> m.get("ports").get("dns").asInt() > 0);
        List<JsonNode> nodes = ofKind(endpoints, "node");
        assertThat(nodes).extracting(m -> m.get("address").asText()).containsExactly("127.0.0.31", "127.0.0.32", "127.0.0.33");
        for (JsonNode m : endpoints.get("members")) {
            assertThat(ProcessHandle.of(m.get("pid").asLong())).get().matches(ProcessHandle::isAlive);
        }
        assertThat(output()).contains("is up (10 members).", "./thor monitor", "./thor admin disable",
                "_sip._udp.example.com SRV", "example.com NAPTR");

        Set<String> addresses = Set.of("127.0.0.31", "127.0.0.32", "127.0.0.33");
        Set<String> homes = new HashSet<>();
        for (int k = 0; k < 300; k++) {
            String line = "lookup sip_proxy for user" + k + "@example.com";
            String first = ask(nodes.get(0), line);
            assertThat(first).isIn(addresses);
            homes.add(first);
            assertThat(ask(nodes.get(1), line)).isEqualTo(first);
            assertThat(ask(nodes.get(2), line)).isEqualTo(first);
        }
        assertThat(homes).isEqualTo(addresses);

        String view = runThor("monitor", "--once", "--ca-dir", dir.resolve("ca").toString(), "--name", "monitor",
                "--endpoints", dir.resolve("endpoints.json").toString());
        assertThat(view).containsPattern("active manager: manager[12]").contains("node1", "node3", "events1", "events3");

        ProcessHandle third = ProcessHandle.of(nodes.get(2).get("pid").asLong()).orElseThrow();
        third.destroyForcibly();
        await().atMost(Duration.ofSeconds(5)).until(() -> ask(nodes.get(0), "nodes sip_proxy").equals("127.0.0.31 127.0.0.32")
                && ask(nodes.get(1), "nodes sip_proxy").equals("127.0.0.31 127.0.0.32"));
        await().atMost(Duration.ofSeconds(10)).until(() -> output().contains("member node3 (pid " + third.pid() + ") exited"));

        String disabled = runThor("admin", "disable", "node2", "--ca-dir", dir.resolve("ca").toString(),
                "--name", "operator", "--endpoints", dir.resolve("endpoints.json").toString());
        assertThat(disabled).contains("node2 disabled");
        // the operator saw the manager's confirmation; the nodes get the same status a moment later
        await().atMost(Duration.ofSeconds(5)).until(() -> ask(nodes.get(0), "nodes sip_proxy").equals("127.0.0.31"));
        runThor("admin", "enable", "node2", "--ca-dir", dir.resolve("ca").toString(),
                "--name", "operator", "--endpoints", dir.resolve("endpoints.json").toString());
        await().atMost(Duration.ofSeconds(5)).until(() -> ask(nodes.get(0), "nodes sip_proxy").equals("127.0.0.31 127.0.0.32"));

        demo.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook stops every member
        await().atMost(Duration.ofSeconds(60)).until(() -> !demo.isAlive());
        for (JsonNode m : endpoints.get("members")) {
            assertThat(ProcessHandle.of(m.get("pid").asLong()).filter(ProcessHandle::isAlive)).isEmpty();
        }
        assertThat(output()).contains("Stopped 10 members.");
    }

    @Test
    void membersExitWhenTheDemoIsKilledHard() throws Exception {
        JsonNode members = startDemo(1).get("members");
        demo.destroyForcibly(); // kill -9: no shutdown hook runs, the members notice their closed stdin
        await().atMost(Duration.ofSeconds(10)).until(() -> !demo.isAlive());
        for (JsonNode m : members) {
            long pid = m.get("pid").asLong();
            await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
        }
    }
}
