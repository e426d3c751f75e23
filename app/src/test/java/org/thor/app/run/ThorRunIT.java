package org.thor.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thor.adapters.component.ThorConstants;
import org.thor.app.ConfigException;
import org.thor.overlay.lookup.LookupClient;
import org.thor.overlay.ring.HashRing;
import org.thor.overlay.tls.TestPki;

/**
 * Two {@code thor run} applications in one JVM over real TLS sockets: host1 runs an event server
 * and a manager; node1 runs the lookup service and the node HTTP API and announces presence_server, a role added by the
 * files of config/examples/presence alone (its TCP health check pointed at a socket of the test).
 * The role follows its health check in host1's rings, node1's lookups answer it, and a config
 * naming a role the certificate lacks fails naming the key.
 */
class ThorRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLE_ROLES = Path.of("..", "config", "examples", "presence", "roles");

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    /** The example's role files, with the health check (and role port) moved to {@code port}. */
    private Path exampleRoles(int port) throws IOException {
        Path roles = Files.createDirectories(dir.resolve("roles"));
        try (var files = Files.list(EXAMPLE_ROLES)) {
            for (Path f : files.toList()) {
                Files.writeString(roles.resolve(f.getFileName()), Files.readString(f).replace("5062", Integer.toString(port)));
            }
        }
        return roles;
    }

    private ThorRuntime run(String name, String yaml) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "tls: {caDir: ca, name: " + name + ", reloadSeconds: 1}\n" + yaml);
        ThorRuntime runtime = ThorRuntime.start(RunConfig.read(file));
        open.add(runtime);
        return runtime;
    }

    @Test
    void aRoleFollowsItsHealthCheckInTheRingsAndLookups() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("ca"));
        pki.issue("host1", "thor_eventserver", "thor_manager");
        pki.issue("node1", "presence_server");
        int events = freePort();
        ServerSocket daemon = listen(0);
        int daemonPort = daemon.getLocalPort();
        exampleRoles(daemonPort);

        ThorRuntime host1 = run("host1", "eventServers: [127.0.0.1:" + events + "]\n"
                + "services: {eventServer: {listen: 127.0.0.1:" + events + "}, manager: {}}\n");
        ThorRuntime node1 = run("node1", "eventServers: [127.0.0.1:" + events + "]\n"
                + "services: {lookup: {listen: 127.0.0.1:0}, http: {listen: 127.0.0.1:0}}\nroles: [presence_server]\nroleDefinitions: roles\n");

        await().atMost(Duration.ofSeconds(15)).until(() -> ring(host1).size() == 1);
        assertThat(ring(host1).members().get(0).port("presence_server")).isEqualTo(daemonPort);

        // the new role answers lookups: over the lookup service, and through the example's route
        try (LookupClient client = new LookupClient("127.0.0.1", node1.lookupAddress().getPort(), Duration.ofSeconds(5))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.lookup("presence_server", "alice@example.com")
                    .startsWith("127.0.0.1"));
        }
        // and over the node HTTP API, which reports the member ready with its role healthy
        assertThat(ring(host1).members().get(0).port("http")).isEqualTo(node1.httpAddress().getPort());
        HttpResponse<String> lookup = get(node1, "/lookup/presence_server/sip%3Aalice%40example.com");
        assertThat(lookup.statusCode()).isEqualTo(200);
        JsonNode home = JSON.readTree(lookup.body());
        assertThat(home.get("key").asText()).isEqualTo("alice@example.com");
        assertThat(home.get("node").get("id").asText()).isEqualTo("node1");
        assertThat(home.get("node").get("ports").get("presence_server").asInt()).isEqualTo(daemonPort);
        HttpResponse<String> ready = get(node1, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).get("roles").get("presence_server").asText()).isEqualTo("UP");
        assertThat(get(node1, "/metrics").body()).contains("thor_lookups_total{result=\"ok\",role=\"presence_server\",via=\"http\"} 1.0",
                "thor_lookups_total{result=\"ok\",role=\"presence_server\",via=\"tcp\"}");

        Exchange out = node1.camelContext().createProducerTemplate().request("direct:presence-home",
                e -> e.getMessage().setBody("alice@example.com"));
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getHeader(ThorConstants.NODE_ID)).isEqualTo("node1");

        // the daemon goes: two failed checks 500 ms apart, then the manager's next status
        long down = System.nanoTime();
        daemon.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> ring(host1).isEmpty());
        long leftMillis = (System.nanoTime() - down) / 1_000_000;
        assertThat(node1.health().isHealthy("presence_server")).isFalse();
        assertThat(host1.agent().follower().current().members()).extracting(m -> m.id()).contains("node1");

        // and comes back
        long up = System.nanoTime();
        open.add(listen(daemonPort));
        await().atMost(Duration.ofSeconds(5)).until(() -> ring(host1).size() == 1);
        long backMillis = (System.nanoTime() - up) / 1_000_000;
        System.out.println("presence_server left the rings " + leftMillis + " ms after its daemon closed, came back "
                + backMillis + " ms after it reopened");
    }

    private static HttpResponse<String> get(ThorRuntime runtime, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + runtime.httpAddress().getPort() + path);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HashRing ring(ThorRuntime runtime) {
        return runtime.agent().rings().get().ring("presence_server");
    }

    @Test
    void aMemberWithoutEventServersFindsThemThroughThorDns() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("ca"));
        pki.issue("host1", "thor_eventserver", "thor_manager", "dns");
        pki.issue("node3", "sip_proxy");
        int events = freePort();
        ThorRuntime host1 = run("host1", "eventServers: [127.0.0.1:" + events + "]\n"
                + "services: {eventServer: {listen: 127.0.0.1:" + events + "}, manager: {}, dns: {listen: 127.0.0.1:0}}\n");
        String dns = "127.0.0.1:" + host1.dnsAddress().getPort();

        // an event server run by thor run is a member, listed under _eventserver._tcp by thor-dns
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> assertThat(
                org.thor.app.EventServerDiscovery.find("example.com", org.thor.app.HostPort.parse(dns, 53)))
                .containsExactly(new InetSocketAddress("127.0.0.1", events)));

        // node3's config names no event server, only where to ask
        ThorRuntime node3 = run("node3", "eventServerDns: " + dns + "\nservices: {lookup: {listen: 127.0.0.1:0}}\n");
        await().atMost(Duration.ofSeconds(15)).until(() -> host1.agent().follower().current() != null
                && host1.agent().follower().current().members().stream().anyMatch(m -> m.id().equals("node3")));
        assertThat(node3.agent().client().connectedServers()).isEqualTo(1);
    }

    @Test
    void noEventServerInDnsFailsNamingTheKey() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("ca"));
        pki.issue("host2", "dns");
        pki.issue("node4", "sip_proxy");
        // a thor-dns that knows no event server yet (its process runs no event server and joins none)
        int events = freePort();
        ThorRuntime host2 = run("host2", "eventServers: [127.0.0.1:" + events + "]\nservices: {dns: {listen: 127.0.0.1:0}}\n");
        assertThatThrownBy(() -> run("node4", "eventServerDns: 127.0.0.1:" + host2.dnsAddress().getPort()
                + "\nservices: {lookup: {listen: 127.0.0.1:0}}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(dir.resolve("node4.yaml") + ": eventServerDns: left out, so the event servers were looked up in DNS: ")
                .hasMessageContaining("_eventserver._tcp");
    }

    @Test
    void aRoleTheCertificateLacksFailsNamingTheKey() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("ca"));
        pki.issue("node2", "sip_proxy");
        exampleRoles(5062);
        assertThatThrownBy(() -> run("node2", "eventServers: [127.0.0.1:1]\nroles: [presence_server]\nroleDefinitions: roles\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("node2.yaml") + ": roles[0]: role 'presence_server' is not in the certificate of node2,"
                        + " which allows [sip_proxy]");
    }
}
