package org.thor.overlay.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.thor.overlay.member.Member;

class MembershipCodecTest {

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private final Member node = new Member("node1", "10.0.0.1", Set.of("sip_proxy", "presence_server"),
            Map.of("sip_proxy", 5060, "lookup", 9500), Set.of("presence_server"));

    @Test
    void everyPayloadRoundTrips() {
        Presence p = new Presence(node, "0.1.0", "eu-west", Map.of("rack", "a1"), 1764087000123L, 42, 3);
        assertThat(MembershipCodec.presence(MembershipCodec.presence(p))).isEqualTo(p);
        NetworkStatus s = new NetworkStatus(new StatusVersion(2, 5), "manager2", List.of(node), Set.of("node3"));
        assertThat(MembershipCodec.status(MembershipCodec.status(s))).isEqualTo(s);
        ConnectivityReport r = new ConnectivityReport("events1", 17, Set.of("node1", "manager1"));
        assertThat(MembershipCodec.report(MembershipCodec.report(r))).isEqualTo(r);
        AdminCommand a = new AdminCommand(AdminCommand.Action.DISABLE, "node3");
        assertThat(MembershipCodec.admin(MembershipCodec.admin(a))).isEqualTo(a);
        assertThat(new String(MembershipCodec.admin(a), StandardCharsets.UTF_8)).isEqualTo("{\"action\":\"disable\",\"node\":\"node3\"}");
        MembershipCodec.Leave l = new MembershipCodec.Leave("node1", 7);
        assertThat(MembershipCodec.leave(MembershipCodec.leave(l))).isEqualTo(l);
    }

    @Test
    void unknownFieldsAreIgnoredForRollingUpgrades() {
        Presence p = MembershipCodec.presence(json("{\"name\":\"n\",\"address\":\"10.0.0.1\",\"roles\":[\"sip_proxy\"],"
                + "\"incarnation\":1,\"sequence\":2,\"fromTheFuture\":{\"x\":1}}"));
        assertThat(p.member().roles()).containsExactly("sip_proxy");
        assertThat(p.member().outsideRing()).isEmpty();
    }

    @Test
    void badPayloadsNameTheField() {
        assertThatThrownBy(() -> MembershipCodec.presence(json("{\"address\":\"10.0.0.1\",\"incarnation\":1,\"sequence\":1}")))
                .hasMessageContaining("\"name\" is missing");
        assertThatThrownBy(() -> MembershipCodec.presence(json("{\"name\":\"n\",\"address\":\"10.0.0.1\",\"sequence\":1}")))
                .hasMessage("presence: \"incarnation\" is missing");
        assertThatThrownBy(() -> MembershipCodec.presence(json("{\"name\":\"n\",\"address\":\"a\",\"incarnation\":\"x\",\"sequence\":1}")))
                .hasMessageStartingWith("presence: \"incarnation\": ");
        assertThatThrownBy(() -> MembershipCodec.presence(json("not json"))).hasMessageStartingWith("presence: ");
        assertThatThrownBy(() -> MembershipCodec.admin(json("{\"action\":\"reboot\",\"node\":\"n\"}")))
                .hasMessage("admin command: \"action\" must be disable or enable, got 'reboot'");
        assertThatThrownBy(() -> MembershipCodec.report(json("{\"sequence\":1}")))
                .hasMessageContaining("\"eventServer\" is missing");
        assertThatThrownBy(() -> MembershipCodec.status(json("{\"term\":1,\"sequence\":1,\"members\":[]}")))
                .hasMessageContaining("\"activeManager\" is missing");
    }
}
