package org.thor.overlay.event;

import org.thor.overlay.member.Member;
import org.thor.overlay.membership.MembershipCodec;
import org.thor.overlay.membership.Presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.thor.overlay.tls.MemberIdentity;

class TopicsTest {

    private static MemberIdentity member(String name, String... roles) {
        return new MemberIdentity(name, "example.com", Set.of(roles), List.of("10.0.0.1"), BigInteger.ONE, Instant.MAX);
    }

    private static Event event(String topic, String publisher, byte[] payload) {
        return new Event(topic, new EventId(publisher, 1, 1), payload);
    }

    private static Event presence(String publisher, String name, String... roles) {
        return event(Topics.PRESENCE, publisher, MembershipCodec.presence(new Presence(new Member(name, "10.0.0.1", Set.of(roles)), "", "", Map.of(), 1, 1)));
    }

    @Test
    void presenceOnlyForItselfAndOnlyWithItsCertificateRoles() {
        MemberIdentity node = member("node1", "sip_proxy", "voicemail_server");
        assertThat(Topics.mayPublish(node, presence("node1", "node1", "sip_proxy"))).isNull();
        assertThat(Topics.mayPublish(node, presence("node1", "node1", "sip_proxy", "media_relay")))
                .isEqualTo("node1 may not announce roles [media_relay]: its certificate allows [sip_proxy, voicemail_server]");
        assertThat(Topics.mayPublish(node, presence("node1", "node2", "sip_proxy")))
                .isEqualTo("node1 may not announce presence for node2");
        assertThat(Topics.mayPublish(node, event(Topics.PRESENCE, "node1", "{".getBytes(StandardCharsets.UTF_8))))
                .startsWith("bad Thor.Presence payload");
    }

    @Test
    void onlyManagersPublishTheNetworkStatus() {
        assertThat(Topics.mayPublish(member("m1", "thor_manager"), event(Topics.MEMBERS, "m1", new byte[0]))).isNull();
        assertThat(Topics.mayPublish(member("node1", "sip_proxy"), event(Topics.MEMBERS, "node1", new byte[0])))
                .isEqualTo("node1 may not publish Thor.Members: its certificate lacks the role thor_manager");
    }

    @Test
    void theEventIdMustNameThePublisher() {
        assertThat(Topics.mayPublish(member("node1", "sip_proxy"), event(Topics.STATISTICS, "node2", new byte[0])))
                .isEqualTo("event id names publisher 'node2' but the certificate is node1");
        assertThat(Topics.mayPublish(member("node1", "sip_proxy"), event(Topics.STATISTICS, "node1", new byte[0]))).isNull();
    }

    @Test
    void leaveOnlyForItselfAndUnknownTopicsAreRefused() {
        MemberIdentity node = member("node1", "sip_proxy");
        assertThat(Topics.mayPublish(node, event(Topics.LEAVE, "node1", "{\"name\":\"node1\"}".getBytes(StandardCharsets.UTF_8)))).isNull();
        assertThat(Topics.mayPublish(node, event(Topics.LEAVE, "node1", "{\"name\":\"node2\"}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("node1 may not publish Thor.Leave for node2");
        assertThat(Topics.mayPublish(node, event("Thor.Secret", "node1", new byte[0]))).isEqualTo("unknown topic 'Thor.Secret'");
        assertThat(Topics.maySubscribe(node, "Thor.Secret")).isEqualTo("unknown topic 'Thor.Secret'");
        assertThat(Topics.maySubscribe(node, Topics.MEMBERS)).isNull();
        assertThat(Topics.mayPublish(node, event(Topics.DATABASE, "node1", new byte[0])))
                .isEqualTo("node1 may not publish Thor.Database: its certificate lacks the role thor_database");
    }
}
