package org.thor.overlay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpApiHandlerTest {

    private final FakeNode node = new FakeNode();
    private final NodeMetrics metrics = new NodeMetrics(node);
    private final EmbeddedChannel channel = new EmbeddedChannel();

    HttpApiHandlerTest() {
        HttpApiServer.initHttp(channel.pipeline(), HttpApiConfig.defaults().withMaxRequestBytes(512),
                NodeApi.router(node, metrics));
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private String exchange(String raw) {
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return out.toString();
    }

    private String get(String path) {
        return exchange("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    }

    @Test
    void lookupAnswersTheHomeNodeWithTheDecodedNormalisedKey() {
        node.status(1, 1, List.of(FakeNode.NODE1));
        String answer = get("/lookup/sip_proxy/sip%3Aalice%40Example.COM");
        assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").contains("content-type: application/json")
                .endsWith("{\"role\":\"sip_proxy\",\"key\":\"alice@example.com\","
                        + "\"node\":{\"id\":\"node1\",\"address\":\"10.0.0.1\",\"ports\":{\"lookup\":9500,\"sip_proxy\":5060}}}");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aPlusInThePathStaysAPlusAndAnEncodedSlashStaysInTheKey() {
        node.status(1, 1, List.of(FakeNode.NODE1));
        assertThat(get("/lookup/sip_proxy/+4930123@example.com")).startsWith("HTTP/1.1 200 ")
                .contains("\"key\":\"+4930123@example.com\"");
        assertThat(get("/lookup/sip_proxy/a%2Fb@example.com")).startsWith("HTTP/1.1 200 ")
                .contains("\"key\":\"a/b@example.com\"");
    }

    @Test
    void lookupOfARoleWithoutNodesIs404() {
        node.status(1, 1, List.of(FakeNode.NODE1));
        assertThat(get("/lookup/voicemail_server/alice@example.com")).startsWith("HTTP/1.1 404 ")
                .endsWith("{\"status\":404,\"error\":\"no node is online for role voicemail_server\"}");
    }

    @Test
    void lookupOfAnEmptyDomainIs400() {
        node.status(1, 1, List.of(FakeNode.NODE1));
        assertThat(get("/lookup/sip_proxy/alice@")).startsWith("HTTP/1.1 400 ").contains("\"error\":\"bad key: ");
    }

    @Test
    void malformedPercentEncodingIs400() {
        assertThat(get("/lookup/sip_proxy/alice%4")).startsWith("HTTP/1.1 400 ").contains("bad percent-encoding");
        assertThat(get("/lookup/sip_proxy/alice%zzexample.com")).startsWith("HTTP/1.1 400 ");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void unknownPathIs404InJson() {
        assertThat(get("/nothing/here")).startsWith("HTTP/1.1 404 ")
                .endsWith("{\"status\":404,\"error\":\"no such resource: /nothing/here\"}");
    }

    @Test
    void postIs405WithAllow() {
        String answer = exchange("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(answer).startsWith("HTTP/1.1 405 ").contains("allow: GET, HEAD").contains("\"status\":405");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void headAnswersHeadersWithoutBody() {
        String answer = exchange("HEAD /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("content-length: 15").endsWith("\r\n\r\n");
    }

    @Test
    void overLongRequestLineIs414AndClosesTheConnection() {
        String answer = get("/lookup/sip_proxy/" + "a".repeat(600) + "@example.com");
        assertThat(answer).startsWith("HTTP/1.1 414 ").contains("\"error\":\"request line too long\"")
                .contains("connection: close");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void overLongHeadersAre431() {
        String answer = exchange("GET /health HTTP/1.1\r\nHost: x\r\nX-Junk: " + "j".repeat(600) + "\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 431 ").contains("request headers too large");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anOverLongBodyIs413AndTheServerStaysUp() {
        String answer = exchange("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 600\r\n\r\n" + "b".repeat(600));
        assertThat(answer).startsWith("HTTP/1.1 413 ").contains("application/json")
                .contains("{\"status\":413,\"error\":\"request body too large (limit 512 bytes)\"}");
        // keep-alive: the rest of the body was skipped and the connection serves the next request
        assertThat(channel.isOpen()).isTrue();
        assertThat(get("/health/live")).startsWith("HTTP/1.1 200 ");
        String closing = exchange("POST /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 600\r\n\r\n"
                + "b".repeat(600));
        assertThat(closing).startsWith("HTTP/1.1 413 ").contains("connection: close");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void garbageIs400() {
        String answer = exchange("\u0001\u0002 nonsense\r\n\r\n");
        assertThat(answer).contains(" 400 ").contains("\"status\":400");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() {
        node.status(1, 1, List.of(FakeNode.NODE1));
        String answer = exchange("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /lookup/sip_proxy/bob@example.com HTTP/1.1\r\nHost: x\r\n\r\n");
        int first = answer.indexOf("HTTP/1.1 200 OK");
        int second = answer.indexOf("HTTP/1.1 404 ");
        int third = answer.indexOf("HTTP/1.1 200 OK", second);
        assertThat(first).isZero();
        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
        assertThat(answer.substring(third)).contains("\"key\":\"bob@example.com\"");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void http10WithoutKeepAliveIsClosedAfterTheAnswer() {
        String answer = exchange("GET /health/live HTTP/1.0\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.0 200 OK").endsWith("{\"status\":\"UP\"}");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void readyIs503WithReasonsUntilAStatusArrivesAndAnEventServerIsConnected() {
        assertThat(get("/health/ready")).startsWith("HTTP/1.1 503 ")
                .contains("\"reasons\":[\"no network status received yet\",\"not connected to any event server\"]");
        node.servers = 2;
        node.status(3, 7, List.of(FakeNode.NODE1, FakeNode.NODE2));
        node.health.put("sip_proxy", true);
        node.health.put("voicemail_server", false);
        assertThat(get("/health")).startsWith("HTTP/1.1 200 ")
                .endsWith("{\"status\":\"UP\",\"member\":\"node1\",\"networkStatus\":{\"term\":3,\"sequence\":7,"
                        + "\"activeManager\":\"manager<1>\",\"members\":2},\"eventServers\":2,"
                        + "\"roles\":{\"sip_proxy\":\"UP\",\"voicemail_server\":\"DOWN\"}}");
    }

    @Test
    void liveIsUpWhateverTheNetwork() {
        assertThat(get("/health/live")).startsWith("HTTP/1.1 200 ").endsWith("{\"status\":\"UP\"}");
    }

    @Test
    void metricsCountLookupsAndShowMembersHealthAndStatus() {
        node.status(4, 2, List.of(FakeNode.NODE1, FakeNode.NODE2));
        node.delivered = 42;
        node.health.put("sip_proxy", true);
        get("/lookup/sip_proxy/alice@example.com");
        get("/lookup/sip_proxy/bob@example.com");
        get("/lookup/voicemail_server/x@");
        get("/lookup/media_relay/alice@example.com");
        String answer = get("/metrics");
        assertThat(answer).startsWith("HTTP/1.1 200 ").contains("content-type: text/plain; version=0.0.4")
                .contains("thor_lookups_total{result=\"ok\",role=\"sip_proxy\",via=\"http\"} 2.0")
                .contains("thor_lookups_total{result=\"bad_key\",role=\"voicemail_server\",via=\"http\"} 1.0")
                .contains("thor_lookups_total{result=\"no_node\",role=\"media_relay\",via=\"http\"} 1.0")
                .contains("thor_events_delivered_total 42.0")
                .contains("thor_members{role=\"sip_proxy\"} 2.0")
                .contains("thor_members{role=\"voicemail_server\"} 1.0")
                .contains("thor_role_healthy{role=\"sip_proxy\"} 1.0")
                .contains("thor_network_status_term 4.0")
                .contains("thor_network_status_sequence 2.0");
    }

    @Test
    void tcpLookupsAreCountedBesideHttpOnes() {
        metrics.tcpLookups().lookedUp("sip_proxy", "ok");
        metrics.tcpLookups().lookedUp("sip_proxy", "ok");
        assertThat(get("/metrics")).contains("thor_lookups_total{result=\"ok\",role=\"sip_proxy\",via=\"tcp\"} 2.0")
                .contains("thor_lookups_throttled_total 0.0");
        metrics.tcpLookups().throttled();
        assertThat(get("/metrics")).contains("thor_lookups_throttled_total 1.0");
    }

    @Test
    void aClientCannotInventRoleTagsWithoutLimit() {
        for (int i = 0; i < NodeMetrics.MAX_LOOKUP_SERIES + 10; i++) {
            get("/lookup/role" + i + "/alice@example.com");
        }
        get("/lookup/BAD%20ROLE/alice@example.com");
        String answer = get("/metrics");
        assertThat(answer.lines().filter(l -> l.startsWith("thor_lookups_total{")).count())
                .isLessThanOrEqualTo(NodeMetrics.MAX_LOOKUP_SERIES + 6);
        assertThat(answer).contains("thor_lookups_total{result=\"no_node\",role=\"other\",via=\"http\"}");
    }

    @Test
    void statusPageShowsMembersAndEscapesWhatItShows() {
        node.status(1, 5, List.of(FakeNode.NODE1, FakeNode.NODE2));
        node.health.put("sip_proxy", false);
        String answer = get("/");
        assertThat(answer).startsWith("HTTP/1.1 200 ").contains("content-type: text/html; charset=utf-8")
                .contains("<h1>Thor node node1</h1>")
                .contains("active manager manager&lt;1&gt;")
                .contains("<td>node2</td><td>10.0.0.2</td><td>sip_proxy, voicemail_server</td>")
                .contains("<tr><td>sip_proxy</td><td>DOWN</td></tr>")
                .doesNotContain("manager<1>");
    }
}
