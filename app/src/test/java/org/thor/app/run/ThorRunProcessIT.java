package org.thor.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thor.overlay.lookup.LookupClient;
import org.thor.overlay.tls.TestPki;

/**
 * {@code thor run} as an operator starts it: one process from the packaged jar, with the
 * presence example's role files (the health-checked port moved to a daemon of the test's own),
 * running an event server, a manager, the lookup service and the presence_server role.
 */
@Tag("multi-process")
class ThorRunProcessIT {

    private static final Path EXAMPLE_ROLES = Path.of(System.getProperty("user.dir")).getParent()
            .resolve("config/examples/presence/roles");

    @TempDir
    Path dir;

    private Process process;
    private int dnsPort;

    /** The SRV records thor-dns answers for {@code name}, as "port target". */
    private java.util.List<String> srv(String name) throws IOException {
        org.xbill.DNS.SimpleResolver resolver = new org.xbill.DNS.SimpleResolver("127.0.0.1");
        resolver.setPort(dnsPort);
        org.xbill.DNS.Message answer = resolver.send(org.xbill.DNS.Message.newQuery(org.xbill.DNS.Record.newRecord(
                org.xbill.DNS.Name.fromString(name), org.xbill.DNS.Type.SRV, org.xbill.DNS.DClass.IN)));
        return answer.getSection(org.xbill.DNS.Section.ANSWER).stream()
                .map(r -> ((org.xbill.DNS.SRVRecord) r).getPort() + " " + ((org.xbill.DNS.SRVRecord) r).getTarget())
                .toList();
    }

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts thor run with the example role, its health check moved to {@code daemon}; returns the lookup port. */
    private int start(ServerSocket daemon, boolean ring) throws Exception {
        TestPki.create(dir.resolve("ca")).issue("host1", "thor_eventserver", "thor_manager", "dns", "presence_server");
        Path roles = Files.createDirectories(dir.resolve("roles"));
        try (var files = Files.list(EXAMPLE_ROLES)) {
            for (Path f : files.toList()) {
                Files.writeString(roles.resolve(f.getFileName()), Files.readString(f)
                        .replace("5062", Integer.toString(daemon.getLocalPort())).replace("ring: true", "ring: " + ring));
            }
        }
        int events = freePort();
        Path config = Files.writeString(dir.resolve("thor.yaml"), "tls: {caDir: ca, name: host1}\n"
                + "eventServers: [127.0.0.1:" + events + "]\n"
                + "services:\n  eventServer: {listen: 127.0.0.1:" + events + "}\n  manager: {}\n"
                + "  lookup: {listen: 127.0.0.1:0}\n  dns: {listen: 127.0.0.1:0}\n"
                + "roles: [presence_server]\nroleDefinitions: roles\n");

        process = new ProcessBuilder("java", "-jar", System.getProperty("thor.jar"), "run", config.toString())
                .redirectError(dir.resolve("run.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        assertThat(ready).as("stderr: %s", Files.readString(dir.resolve("run.err"))).startsWith("READY run host1");
        dnsPort = Integer.parseInt(ready.replaceAll(".*dns=[^ ]*:(\\d+).*", "$1"));
        return Integer.parseInt(ready.replaceAll(".*lookup=[^ ]*:(\\d+).*", "$1"));
    }

    private static ServerSocket daemon() throws IOException {
        ServerSocket daemon = new ServerSocket();
        daemon.setReuseAddress(true);
        daemon.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return daemon;
    }

    @Test
    void runStartsTheServicesAndTheRoleAndStopsOnSigterm() throws Exception {
        ServerSocket daemon = daemon();
        int lookupPort = start(daemon, true);

        try (LookupClient client = new LookupClient("127.0.0.1", lookupPort, Duration.ofSeconds(5))) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> "127.0.0.1".equals(client.lookup("presence_server", "alice@example.com")));
            // the role added by files is in DNS too, from its definition's dns.srv
            await().atMost(Duration.ofSeconds(10)).until(() -> srv("_pres._tcp.example.com.")
                    .equals(java.util.List.of(daemon.getLocalPort() + " host1.example.com.")));
            daemon.close();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> client.lookup("presence_server", "alice@example.com")
                            .equals("error: no node is online for role presence_server"));
            await().atMost(Duration.ofSeconds(10)).until(() -> srv("_pres._tcp.example.com.").isEmpty());
        }

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aRoleDefinedOutsideTheRingIsOnlineButNoHome() throws Exception {
        ServerSocket daemon = daemon();
        int lookupPort = start(daemon, false);
        try (LookupClient client = new LookupClient("127.0.0.1", lookupPort, Duration.ofSeconds(5))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> "127.0.0.1".equals(client.request("nodes presence_server")));
            assertThat(client.request("is_online 127.0.0.1 as presence_server")).isEqualTo("Yes");
            assertThat(client.lookup("presence_server", "alice@example.com"))
                    .isEqualTo("error: role presence_server takes no part in the ring (no subscriber has a home in it)");
        }
        daemon.close();
    }
}
