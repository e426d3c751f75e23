package org.thor.overlay.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thor.overlay.member.Member;

class HashRingTest {

    private static final int KEYS = 1_000_000;
    private static String[] keys;

    @BeforeAll
    static void makeKeys() {
        SplittableRandom random = new SplittableRandom(42);
        keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "user" + Long.toUnsignedString(random.nextLong(), 36) + "@example.com";
        }
    }

    @Test
    void threeNodesShareOneMillionKeysWithinFivePercentOfEven() {
        HashRing ring = HashRing.of("sip_proxy", nodes("10.0.0.", 3));
        Map<String, Integer> counts = new HashMap<>();
        for (String key : keys) {
            counts.merge(ring.lookupNormalised(key).id(), 1, Integer::sum);
        }
        assertThat(counts).hasSize(3);
        double mean = KEYS / 3.0;
        double largest = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertThat(largest / mean).isLessThanOrEqualTo(1.05);
    }

    @Test
    void aFourthNodeTakesAQuarterOfTheKeysAndOnlyItMoves() {
        List<Member> three = nodes("10.0.0.", 3);
        HashRing before = HashRing.of("sip_proxy", three);
        Member fourth = node("10.0.0.4");
        HashRing after = before.with(fourth);
        int moved = 0;
        for (String key : keys) {
            Member was = before.lookupNormalised(key);
            Member is = after.lookupNormalised(key);
            if (!was.equals(is)) {
                moved++;
                assertThat(is).as("a moved key goes to the new node").isEqualTo(fourth);
            }
        }
        double fraction = moved / (double) KEYS;
        assertThat(fraction).isBetween(0.25 * 0.9, 0.25 * 1.1);
    }

    @Test
    void aLeavingNodesKeysSpreadEvenlyOverTheSurvivors() {
        Random random = new Random(7);
        for (int set = 0; set < 5; set++) {
            List<Member> ten = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ten.add(node("10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (i + 1)));
            }
            HashRing before = HashRing.of("sip_proxy", ten);
            Member leaving = ten.get(random.nextInt(10));
            HashRing after = before.without(leaving.id());
            Map<Member, Integer> received = new HashMap<>();
            int moved = 0;
            for (String key : keys) {
                Member was = before.lookupNormalised(key);
                Member is = after.lookupNormalised(key);
                if (!was.equals(is)) {
                    assertThat(was).as("only the leaving node's keys move").isEqualTo(leaving);
                    received.merge(is, 1, Integer::sum);
                    moved++;
                } else {
                    assertThat(was).isNotEqualTo(leaving);
                }
            }
            double even = moved / 9.0;
            assertThat(received).as("member set %d: every survivor takes a part", set).hasSize(9);
            for (Map.Entry<Member, Integer> e : received.entrySet()) {
                assertThat(e.getValue() / even).as("member set %d, survivor %s", set, e.getKey().id())
                        .isLessThanOrEqualTo(1.1);
            }
        }
    }

    @Test
    void sameMembersInAnyOrderGiveTheSameRing() {
        List<Member> members = nodes("10.1.1.", 5);
        HashRing a = HashRing.of("sip_proxy", members);
        HashRing b = HashRing.of("sip_proxy", List.of(members.get(3), members.get(0), members.get(4),
                members.get(2), members.get(1)));
        for (int i = 0; i < 10_000; i++) {
            assertThat(b.lookupNormalised(keys[i])).isEqualTo(a.lookupNormalised(keys[i]));
        }
    }

    @Test
    void lookupOnAnEmptyRingNamesTheRole() {
        HashRing ring = HashRing.empty("voicemail_server", HashRing.DEFAULT_MULTIPLY);
        assertThatThrownBy(() -> ring.lookup("alice@example.com"))
                .isInstanceOf(NoNodeOnlineException.class)
                .hasMessage("no node is online for role voicemail_server");
        assertThat(ring.with(node("10.0.0.9")).lookup("alice@example.com").id()).isEqualTo("10.0.0.9");
    }

    @Test
    void withAndWithoutLeaveTheOriginalUntouched() {
        HashRing one = HashRing.of("sip_proxy", List.of(node("10.0.0.1")));
        HashRing two = one.with(node("10.0.0.2"));
        assertThat(one.size()).isEqualTo(1);
        assertThat(two.size()).isEqualTo(2);
        assertThat(two.without("10.0.0.2").size()).isEqualTo(1);
        assertThat(one.without("absent")).isSameAs(one);
        assertThat(one.lookup("sip:bob@example.com").id()).isEqualTo("10.0.0.1");
    }

    @Test
    void normalisesKeysBeforeHashing() {
        HashRing ring = HashRing.of("sip_proxy", nodes("10.0.0.", 7));
        assertThat(ring.lookup("sip:Bob@EXAMPLE.com;transport=tcp")).isEqualTo(ring.lookup("Bob@example.com"));
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> HashRing.of("sip_proxy", 0, List.of())).hasMessageContaining("multiply must be");
        assertThatThrownBy(() -> HashRing.of(" ", 10, List.of())).hasMessageContaining("role");
        assertThatThrownBy(() -> HashRing.of("sip_proxy", List.of(node("a"), node("a"))))
                .hasMessageContaining("member id a appears twice");
    }

    static List<Member> nodes(String prefix, int count) {
        List<Member> list = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            list.add(node(prefix + i));
        }
        return list;
    }

    static Member node(String address) {
        return new Member(address, address, Set.of("sip_proxy"));
    }
}
