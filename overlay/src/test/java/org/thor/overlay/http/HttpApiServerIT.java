package org.thor.overlay.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node HTTP API over a real socket on loopback, driven by a hand-set node. */
class HttpApiServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeNode node = new FakeNode();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpApiServer server;

    @BeforeEach
    void start() {
        server = HttpApiServer.start(HttpApiConfig.defaults().withAddress("127.0.0.1", 0),
                NodeApi.router(node, new NodeMetrics(node)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.localAddress().getPort() + path);
        return client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void lookupReturnsTheHomeNodeAsJson() throws Exception {
        node.status(1, 1, List.of(FakeNode.NODE1, FakeNode.NODE2));
        HttpResponse<String> response = get("/lookup/sip_proxy/sip%3Aalice%40example.com");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("role").asText()).isEqualTo("sip_proxy");
        assertThat(body.get("key").asText()).isEqualTo("alice@example.com");
        String id = body.get("node").get("id").asText();
        assertThat(id).isEqualTo(node.rings().lookup("sip_proxy", "alice@example.com").id());
        assertThat(body.get("node").get("address").asText()).isEqualTo(id.equals("node1") ? "10.0.0.1" : "10.0.0.2");
        assertThat(body.get("node").get("ports").get("sip_proxy").asInt()).isEqualTo(5060);

        HttpResponse<String> none = get("/lookup/media_relay/alice@example.com");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(none.body()).get("error").asText()).isEqualTo("no node is online for role media_relay");
    }

    @Test
    void readinessFollowsTheNetworkStatus() throws Exception {
        HttpResponse<String> before = get("/health/ready");
        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(before.body()).get("reasons").toString()).contains("no network status received yet");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);

        node.servers = 1;
        node.status(2, 1, List.of(FakeNode.NODE1));
        HttpResponse<String> after = get("/health/ready");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(after.body()).get("networkStatus").get("term").asLong()).isEqualTo(2);
    }

    @Test
    void metricsCountLookupsAsTheyAreServed() throws Exception {
        node.status(1, 1, List.of(FakeNode.NODE1));
        double before = okLookups(get("/metrics").body());
        for (int i = 0; i < 5; i++) {
            assertThat(get("/lookup/sip_proxy/user" + i + "@example.com").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
        assertThat(okLookups(metrics.body())).isEqualTo(before + 5);
        assertThat(metrics.body()).contains("thor_members{role=\"sip_proxy\"} 1.0", "thor_events_delivered_total",
                "thor_network_status_term 1.0", "thor_network_status_sequence 1.0");
    }

    @Test
    void aBadRequestIsAnsweredAndTheServerKeepsServing() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.localAddress().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /" + "x".repeat(20_000) + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 414 ");
        }
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/").body()).contains("<h1>Thor node node1</h1>");
    }

    @Test
    void aBusyPortIsNamedInTheError() {
        int port = server.localAddress().getPort();
        assertThatThrownBy(() -> HttpApiServer.start(HttpApiConfig.defaults().withAddress("127.0.0.1", port),
                new HttpRouter()))
                .isInstanceOf(HttpApiServer.HttpApiServerException.class)
                .hasMessageContaining("127.0.0.1:" + port);
    }

    private static double okLookups(String metrics) {
        Matcher m = Pattern.compile("thor_lookups_total\\{result=\"ok\",role=\"sip_proxy\",via=\"http\"} (\\S+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
