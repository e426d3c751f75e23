package org.thor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thor.overlay.lookup.LookupClient;

/** {@code thor demo} as a user runs it: separate processes, endpoints.json, kill one, stop all. */
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
        String jar = System.getProperty("thor.jar");
        assertThat(Path.of(jar)).exists();
        demo = new ProcessBuilder("java", "-jar", jar, "demo", "--dir", dir.toString(),
                "--lookup-port", "0", "--nodes", String.valueOf(nodes))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("demo.out").toFile())
                .start();
        Path endpoints = dir.resolve("endpoints.json");
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(endpoints) || !demo.isAlive());
        assertThat(demo.isAlive()).as("demo runs; output: %s", output()).isTrue();
        return new ObjectMapper().readTree(endpoints.toFile());
    }

    private String output() throws IOException {
        Path out = dir.resolve("demo.out");
        return Files.exists(out) ? Files.readString(out) : "";
    }

    private static LookupClient client(JsonNode member) throws IOException {
        return new LookupClient(member.get("address").asText(), member.get("ports").get("lookup").asInt(),
                Duration.ofSeconds(5));
    }

    @Test
    void everyMemberAnswersAlikeAndSurvivesTheLossOfAnother() throws Exception {
        JsonNode endpoints = startDemo(3);
        assertThat(endpoints.get("domain").asText()).isEqualTo("example.com");
        JsonNode members = endpoints.get("members");
        assertThat(members).hasSize(3);
        Set<String> addresses = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            JsonNode m = members.get(i);
            assertThat(m.get("name").asText()).isEqualTo("node" + (i + 1));
            assertThat(m.get("kind").asText()).isEqualTo("node");
            assertThat(m.get("address").asText()).isEqualTo("127.0.0." + (11 + i));
            assertThat(m.get("ports").get("lookup").asInt()).isPositive();
            assertThat(ProcessHandle.of(m.get("pid").asLong())).get().matches(ProcessHandle::isAlive);
            addresses.add(m.get("address").asText());
        }
        assertThat(output()).contains("Thor demo network for example.com is up (3 members)", "./thor lookup sip_proxy");

        List<LookupClient> clients = new ArrayList<>();
        for (JsonNode m : members) {
            clients.add(client(m));
        }
        Set<String> homes = new HashSet<>();
        for (int k = 0; k < 1000; k++) {
            String key = "user" + k + "@example.com";
            String first = clients.get(0).lookup("sip_proxy", key);
            assertThat(first).isIn(addresses);
            homes.add(first);
            for (LookupClient c : clients.subList(1, 3)) {
                assertThat(c.lookup("sip_proxy", key)).as(key).isEqualTo(first);
            }
        }
        assertThat(homes).as("keys are spread over every node").isEqualTo(addresses);
        for (LookupClient c : clients) {
            c.close();
        }

        ProcessHandle third = ProcessHandle.of(members.get(2).get("pid").asLong()).orElseThrow();
        third.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !third.isAlive());
        await().atMost(Duration.ofSeconds(10)).until(() -> output().contains("member node3 (pid " + third.pid() + ") exited"));
        try (LookupClient first = client(members.get(0))) {
            assertThat(first.request("is_online 127.0.0.12 as sip_proxy")).isEqualTo("Yes");
        }

        demo.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook stops every member
        await().atMost(Duration.ofSeconds(30)).until(() -> !demo.isAlive());
        for (JsonNode m : members) {
            assertThat(ProcessHandle.of(m.get("pid").asLong()).filter(ProcessHandle::isAlive)).isEmpty();
        }
        assertThat(output()).contains("Stopped 3 members.");
    }

    @Test
    void membersExitWhenTheDemoIsKilledHard() throws Exception {
        JsonNode members = startDemo(2).get("members");
        demo.destroyForcibly(); // kill -9: no shutdown hook runs, the members notice their closed stdin
        await().atMost(Duration.ofSeconds(10)).until(() -> !demo.isAlive());
        for (JsonNode m : members) {
            long pid = m.get("pid").asLong();
            await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
        }
    }
}
