package org.thor.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.thor.overlay.member.Member;
import org.thor.overlay.ring.HashRing;

/**
 * How evenly load is shared, for the compiled {@link HashRing} and the textbook {@link TreeMapRing}
 * (multiply 1000): fairness with 3 nodes, and the leave spread (largest share a survivor receives
 * of a departing node's keys, over the even share) with 10 nodes, over 20 random member sets of
 * 1,000,000 keys each. Run: {@code java -cp bench/target/thor-bench.jar org.thor.bench.RingSpread}.
 */
public final class RingSpread {

    public static void main(String[] args) {
        String[] keys = BenchData.keys(1_000_000, 11);
        Random random = new Random(2361);
        double[][] fairness = new double[2][20];
        double[][] leave = new double[2][20];
        for (int set = 0; set < 20; set++) {
            List<Member> ten = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String a = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (i + 1);
                ten.add(new Member(a, a, Set.of("sip_proxy")));
            }
            List<Member> three = ten.subList(0, 3);
            List<Member> nine = new ArrayList<>(ten);
            Member leaving = nine.remove(random.nextInt(10));
            HashRing c3 = HashRing.of("sip_proxy", three);
            HashRing c10 = HashRing.of("sip_proxy", ten);
            HashRing c9 = c10.without(leaving.id());
            TreeMapRing t3 = new TreeMapRing(three, HashRing.DEFAULT_MULTIPLY);
            TreeMapRing t10 = new TreeMapRing(ten, HashRing.DEFAULT_MULTIPLY);
            TreeMapRing t9 = new TreeMapRing(nine, HashRing.DEFAULT_MULTIPLY);
            fairness[0][set] = fairness(keys, c3::lookupNormalised);
            fairness[1][set] = fairness(keys, t3::lookupNormalised);
            leave[0][set] = leaveSpread(keys, c10::lookupNormalised, c9::lookupNormalised);
            leave[1][set] = leaveSpread(keys, t10::lookupNormalised, t9::lookupNormalised);
        }
        System.out.println("20 member sets, 1,000,000 keys, multiply 1000");
        System.out.printf("%-22s %-28s %-28s%n", "ring", "fairness 3 nodes (mean/max)", "leave spread 10 nodes (mean/max)");
        String[] names = {"compiled (Thor)", "textbook TreeMap"};
        for (int r = 0; r < 2; r++) {
            System.out.printf("%-22s %.3f / %.3f                %.3f / %.3f%n", names[r],
                    Arrays.stream(fairness[r]).average().orElseThrow(), Arrays.stream(fairness[r]).max().orElseThrow(),
                    Arrays.stream(leave[r]).average().orElseThrow(), Arrays.stream(leave[r]).max().orElseThrow());
        }
    }

    private static double fairness(String[] keys, Function<String, Member> ring) {
        Map<Member, Integer> counts = new HashMap<>();
        for (String k : keys) {
            counts.merge(ring.apply(k), 1, Integer::sum);
        }
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        return max / (keys.length / (double) counts.size());
    }

    private static double leaveSpread(String[] keys, Function<String, Member> before, Function<String, Member> after) {
        Map<Member, Integer> received = new HashMap<>();
        int moved = 0;
        for (String k : keys) {
            Member was = before.apply(k);
            Member is = after.apply(k);
            if (!was.equals(is)) {
                received.merge(is, 1, Integer::sum);
                moved++;
            }
        }
        int max = received.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        return max / (moved / 9.0);
    }
}
