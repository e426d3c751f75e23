package org.thor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thor.app.run.RunConfig;
import org.thor.app.run.ThorRuntime;
import org.thor.overlay.tls.TestPki;
import org.thor.overlay.tls.TlsFiles;

/**
 * {@code thor node --http} as its own JVM, joined to an event server and manager run in this JVM:
 * its READY line names the HTTP port, and that port answers ready and lookups once the node is in
 * the network status.
 */
@Tag("multi-process")
class NodeHttpIT {

    @TempDir
    Path dir;

    @Test
    void aNodeStartedWithHttpServesLookupsAndReadiness() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("ca"));
        pki.issue("host1", "thor_eventserver", "thor_manager");
        TlsFiles node = pki.issue("node1", "sip_proxy");
        int events;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            events = s.getLocalPort();
        }
        Path hostFile = dir.resolve("host1.yaml");
        Files.writeString(hostFile, "tls: {caDir: ca, name: host1}\neventServers: [127.0.0.1:" + events + "]\n"
                + "services: {eventServer: {listen: 127.0.0.1:" + events + "}, manager: {}}\n");
        Files.createDirectories(dir.resolve("logs"));
        MemberProcess process = null;
        try (ThorRuntime host1 = ThorRuntime.start(RunConfig.read(hostFile))) {
            process = MemberProcess.start("node1", "node", "127.0.0.1", List.of("node",
                    "--cert", node.certificate().toString(), "--key", node.privateKey().toString(),
                    "--ca", node.caCertificate().toString(), "--event-servers", "127.0.0.1:" + events,
                    "--lookup", "127.0.0.1:0", "--http", "127.0.0.1:0", "--port", "sip_proxy=5060",
                    "--exit-with-parent"), dir.resolve("logs"));
            assertThat(process.awaitReady(Duration.ofSeconds(30))).isNull();
            Matcher m = Pattern.compile("READY node node1 lookup=\\S+ http=127\\.0\\.0\\.1:(\\d+)")
                    .matcher(Files.readString(process.log()));
            assertThat(m.find()).as("READY line in %s", process.log()).isTrue();
            String base = "http://127.0.0.1:" + m.group(1);
            HttpClient client = HttpClient.newHttpClient();

            await().atMost(Duration.ofSeconds(15)).until(() -> get(client, base + "/health/ready").statusCode() == 200);
            HttpResponse<String> lookup = get(client, base + "/lookup/sip_proxy/alice%40example.com");
            assertThat(lookup.statusCode()).isEqualTo(200);
            assertThat(lookup.body()).startsWith("{\"role\":\"sip_proxy\",\"key\":\"alice@example.com\","
                    + "\"node\":{\"id\":\"node1\",\"address\":\"127.0.0.1\",\"ports\":{");
            assertThat(lookup.body()).contains("\"http\":" + m.group(1), "\"sip_proxy\":5060");
            assertThat(host1.agent().follower().current().members()).anySatisfy(member ->
                    assertThat(member.port("http")).isEqualTo(Integer.parseInt(m.group(1))));
        } finally {
            if (process != null) {
                process.stop();
            }
        }
    }

    private static HttpResponse<String> get(HttpClient client, String uri) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
