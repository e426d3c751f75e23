package org.thor.overlay.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.thor.overlay.member.Member;
import org.thor.overlay.ring.RoleRings;

class LookupProtocolTest {

    private final Member a = new Member("a", "10.0.0.1", Set.of("sip_proxy"), Map.of("sip_proxy", 5060));
    private final Member b = new Member("b", "2001:db8::2", Set.of("sip_proxy", "voicemail_server"),
            Map.of("sip_proxy", 5070));
    private final RoleRings rings = RoleRings.of(100, List.of(a, b));
    private final LookupProtocol protocol = new LookupProtocol(() -> rings);

    @Test
    void lookupAnswersTheHomeAddress() {
        String answer = protocol.answer("lookup sip_proxy for alice@example.com");
        assertThat(answer).isEqualTo(rings.lookup("sip_proxy", "alice@example.com").address());
        assertThat(protocol.answer("lookup voicemail_server for sip:alice@example.com")).isEqualTo("2001:db8::2");
    }

    @Test
    void lookupWithPortAnswersHostAndPortBracketingIpv6() {
        Member home = rings.lookup("sip_proxy", "alice@example.com");
        String expected = home == a ? "10.0.0.1:5060" : "[2001:db8::2]:5070";
        assertThat(protocol.answer("LOOKUP sip_proxy FOR alice@example.com WITH PORT")).isEqualTo(expected);
        assertThat(protocol.answer("lookup voicemail_server for alice@example.com with port"))
                .isEqualTo("error: node b publishes no port for role voicemail_server");
    }

    @Test
    void isOnlineAnswersYesOrNo() {
        assertThat(protocol.answer("is_online 10.0.0.1 as sip_proxy")).isEqualTo("Yes");
        assertThat(protocol.answer("is_online 10.0.0.1 as voicemail_server")).isEqualTo("No");
        assertThat(protocol.answer("is_online 10.9.9.9 as sip_proxy")).isEqualTo("No");
    }

    @Test
    void nodesListsTheRoleMembers() {
        assertThat(protocol.answer("nodes sip_proxy")).isEqualTo("10.0.0.1 2001:db8::2");
        assertThat(protocol.answer("nodes media_relay")).isEmpty();
    }

    @Test
    void errorsSayWhatIsWrong() {
        assertThat(protocol.answer("frobnicate")).isEqualTo("error: unknown command 'frobnicate' (try 'help')");
        assertThat(protocol.answer("lookup sip_proxy")).isEqualTo("error: usage: lookup <role> for <user@domain> [with port]");
        assertThat(protocol.answer("lookup sip_proxy to alice@example.com")).startsWith("error: usage: lookup");
        assertThat(protocol.answer("lookup sip_proxy for alice@example.com with pork")).startsWith("error: usage: lookup");
        assertThat(protocol.answer("is_online 10.0.0.1")).isEqualTo("error: usage: is_online <address> as <role>");
        assertThat(protocol.answer("lookup media_relay for alice@example.com"))
                .isEqualTo("error: no node is online for role media_relay");
        assertThat(protocol.answer("lookup sip_proxy for @example.com")).startsWith("error: key '@example.com' has an empty user part");
        assertThat(protocol.answer("x".repeat(100))).contains("'" + "x".repeat(40) + "...'");
    }

    @Test
    void blankLinesAreNotAnsweredAndQuitCloses() {
        assertThat(protocol.answer("   \t ")).isNull();
        assertThat(protocol.answer("quit")).isSameAs(LookupProtocol.QUIT);
        assertThat(protocol.answer("help")).isEqualTo(LookupProtocol.HELP);
    }

    @Test
    void answersFollowTheCurrentSnapshot() {
        RoleRings[] current = {RoleRings.empty(100)};
        LookupProtocol live = new LookupProtocol(() -> current[0]);
        assertThat(live.answer("lookup sip_proxy for alice@example.com")).startsWith("error: no node");
        current[0] = rings;
        assertThat(live.answer("lookup sip_proxy for alice@example.com")).doesNotStartWith("error");
    }

    @Test
    void aRoleOutsideTheRingIsListedButNotLookedUp() {
        Member pres = new Member("p", "10.0.0.9", Set.of("presence_server"), Map.of(), Set.of("presence_server"));
        LookupProtocol withPresence = new LookupProtocol(() -> RoleRings.of(100, List.of(a, pres)));
        assertThat(withPresence.answer("nodes presence_server")).isEqualTo("10.0.0.9");
        assertThat(withPresence.answer("is_online 10.0.0.9 as presence_server")).isEqualTo("Yes");
        assertThat(withPresence.answer("lookup presence_server for alice@example.com"))
                .isEqualTo("error: role presence_server takes no part in the ring (no subscriber has a home in it)");
    }

    @Test
    void theObserverHearsHowEachLookupEnded() {
        java.util.List<String> heard = new java.util.ArrayList<>();
        LookupProtocol observed = new LookupProtocol(() -> rings, (role, result) -> heard.add(role + " " + result));
        observed.answer("lookup sip_proxy for alice@example.com");
        observed.answer("lookup media_relay for alice@example.com");
        observed.answer("lookup sip_proxy for alice@");
        observed.answer("nodes sip_proxy");
        assertThat(heard).containsExactly("sip_proxy ok", "media_relay no_node", "sip_proxy bad_key");
    }
}
