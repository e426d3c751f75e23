package org.thor.adapters.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thor.overlay.event.Topics;
import org.thor.overlay.member.Member;
import org.thor.overlay.ring.NoNodeOnlineException;

/** The thor: endpoints in a real CamelContext over a fake overlay. */
class ThorComponentTest {

    private static final Member NODE1 = new Member("node1", "10.0.0.1", Set.of("sip_proxy"), Map.of("sip_proxy", 5060, "lookup", 9500));
    private static final Member NODE2 = new Member("node2", "10.0.0.2", Set.of("sip_proxy", "voicemail_server"), Map.of());
    private static final Member NODE3 = new Member("node3", "10.0.0.3", Set.of("voicemail_server"), Map.of());

    private final FakeOverlay overlay = new FakeOverlay();
    private CamelContext context;
    private ProducerTemplate template;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        context.addComponent("thor", new ThorComponent(overlay));
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private void routes(RouteBuilder builder) throws Exception {
        context.addRoutes(builder);
        context.start();
    }

    @Test
    void lookupPutsTheHomeNodeOfTheBodyInHeaders() throws Exception {
        routes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("thor:lookup?role=sip_proxy");
            }
        });
        overlay.status(1, NODE1, NODE2, NODE3);
        Member expected = overlay.rings().lookup("sip_proxy", "alice@example.com");

        Exchange out = template.request("direct:in", e -> e.getMessage().setBody("sip:alice@example.com"));

        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getHeader(ThorConstants.NODE_ID)).isEqualTo(expected.id());
        assertThat(out.getMessage().getHeader(ThorConstants.NODE_ADDRESS)).isEqualTo(expected.address());
        assertThat(out.getMessage().getHeader(ThorConstants.NODE_PORTS)).isEqualTo(expected.ports());
        assertThat(out.getMessage().getBody()).isEqualTo("sip:alice@example.com");
    }

    @Test
    void lookupPrefersTheKeyHeaderAndGivesTheRolePort() throws Exception {
        routes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("thor:lookup?role=sip_proxy");
            }
        });
        overlay.status(1, NODE1);
        Exchange out = template.request("direct:in", e -> {
            e.getMessage().setHeader(ThorConstants.KEY, "bob@example.com");
            e.getMessage().setBody("ignored body");
        });
        assertThat(out.getMessage().getHeader(ThorConstants.NODE_ID)).isEqualTo("node1");
        assertThat(out.getMessage().getHeader(ThorConstants.NODE_PORT)).isEqualTo(5060);
    }

    @Test
    void lookupFailsWhenNoNodeOfTheRoleIsOnline() throws Exception {
        routes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("thor:lookup?role=xcap_server");
            }
        });
        overlay.status(1, NODE1);
        assertThatThrownBy(() -> template.requestBody("direct:in", "alice@example.com"))
                .isInstanceOf(CamelExecutionException.class)
                .hasCauseInstanceOf(NoNodeOnlineException.class)
                .hasRootCauseMessage("no node is online for role xcap_server");
    }

    @Test
    void publishSendsTheBodyOnTheTopic() throws Exception {
        routes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("thor:publish?topic=Thor.Statistics");
            }
        });
        Exchange out = template.request("direct:in", e -> e.getMessage().setBody("{\"calls\":3}"));
        assertThat(overlay.publishedTexts()).containsExactly("{\"calls\":3}");
        assertThat(overlay.published.get(0).topic()).isEqualTo(Topics.STATISTICS);
        assertThat(out.getMessage().getHeader(ThorConstants.SERVERS)).isEqualTo(3);
    }

    @Test
    void publishFailsWhenNoEventServerTookTheEvent() throws Exception {
        routes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("thor:publish?topic=Thor.Statistics");
            }
        });
        overlay.connectedServers = 0;
        assertThatThrownBy(() -> template.requestBody("direct:in", "x"))
                .hasRootCauseMessage("thor:publish on Thor.Statistics: no event server is connected");
    }

    @Test
    void membersGivesOneExchangePerChangeOfTheRole() throws Exception {
        routes(new RouteBuilder() {
            @Override
            public void configure() {
                from("thor:members?role=voicemail_server").routeId("vm").to("mock:vm");
            }
        });
        MockEndpoint mock = context.getEndpoint("mock:vm", MockEndpoint.class);
        mock.expectedMessageCount(3);

        overlay.status(1, NODE1, NODE2);           // node2 joins voicemail_server
        overlay.status(2, NODE1, NODE2);           // same members: nothing
        overlay.status(3, NODE1, NODE2, NODE3);    // node3 joins
        overlay.status(4, NODE2, NODE3);           // node1 leaves, but it never served voicemail: nothing
        overlay.status(5, NODE3);                  // node2 leaves

        mock.assertIsSatisfied(5000);
        List<Exchange> got = mock.getReceivedExchanges();
        assertThat(got.get(0).getMessage().getHeader(ThorConstants.JOINED)).isEqualTo(List.of("node2"));
        assertThat(got.get(1).getMessage().getHeader(ThorConstants.JOINED)).isEqualTo(List.of("node3"));
        assertThat(got.get(1).getMessage().getHeader(ThorConstants.LEFT)).isEqualTo(List.of());
        assertThat(got.get(2).getMessage().getHeader(ThorConstants.LEFT)).isEqualTo(List.of("node2"));
        assertThat(got.get(2).getMessage().getHeader(ThorConstants.STATUS_VERSION)).isEqualTo("1.5");
        assertThat(got.get(2).getMessage().getBody(List.class)).containsExactly(Map.of("id", "node3", "address", "10.0.0.3",
                "roles", List.of("voicemail_server"), "ports", Map.of()));
    }

    @Test
    void membersStartsFromTheCurrentStatus() throws Exception {
        overlay.status(1, NODE1, NODE2);
        routes(new RouteBuilder() {
            @Override
            public void configure() {
                from("thor:members").to("mock:all");
            }
        });
        MockEndpoint mock = context.getEndpoint("mock:all", MockEndpoint.class);
        mock.expectedMessageCount(1);
        mock.assertIsSatisfied(5000);
        assertThat(mock.getReceivedExchanges().get(0).getMessage().getHeader(ThorConstants.JOINED))
                .isEqualTo(List.of("node1", "node2"));
    }

    @Test
    void eventsDeliversTheTopicsEventsOnly() throws Exception {
        routes(new RouteBuilder() {
            @Override
            public void configure() {
                from("thor:events?topic=Thor.Statistics").to("mock:stats");
            }
        });
        MockEndpoint mock = context.getEndpoint("mock:stats", MockEndpoint.class);
        mock.expectedBodiesReceived("{\"a\":1}", "{\"a\":2}");
        mock.expectedHeaderReceived(ThorConstants.PUBLISHER, "node7");
        overlay.deliver(Topics.STATISTICS, "node7", "{\"a\":1}");
        overlay.deliver(Topics.DATABASE, "node7", "{\"db\":1}");
        overlay.deliver(Topics.STATISTICS, "node7", "{\"a\":2}");
        mock.assertIsSatisfied(5000);
    }

    @Test
    void badEndpointsFailWithAMessageThatSaysWhatIsWrong() {
        Map<String, String> expected = Map.of(
                "thor:lookup", "thor:lookup: the parameter 'role' is required",
                "thor:lookup?role=sip_proxy&colour=red", "colour",
                "thor:publish?topic=Nope", "thor:publish: unknown topic 'Nope'",
                "thor:frobnicate?role=x", "unknown thor endpoint 'frobnicate'",
                "thor:publish?topic=Thor.Statistics&role=sip_proxy", "thor:publish takes no role",
                "thor:members?topic=Thor.Statistics", "thor:members takes no topic");
        expected.forEach((uri, message) ->
                assertThatThrownBy(() -> context.getEndpoint(uri)).as(uri).hasStackTraceContaining(message));
    }
}
