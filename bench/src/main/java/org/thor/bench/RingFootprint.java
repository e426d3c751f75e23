package org.thor.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.thor.overlay.member.Member;
import org.thor.overlay.ring.HashRing;

/**
 * Heap retained per ring and time to build one, for the compiled {@link HashRing} and the
 * textbook {@link TreeMapRing}, at 3, 30 and 300 nodes. Run:
 * {@code java -Xmx4g -cp bench/target/thor-bench.jar org.thor.bench.RingFootprint}.
 */
public final class RingFootprint {

    public static void main(String[] args) {
        System.out.printf("%-6s %-10s %14s %14s %12s%n", "nodes", "ring", "points", "heap/ring", "build ms");
        for (int nodes : new int[] {3, 30, 300}) {
            List<Member> members = BenchData.members(nodes);
            measure(nodes, "compiled", (long) nodes * HashRing.DEFAULT_MULTIPLY * HashRing.SUBPOINTS,
                    () -> HashRing.of("sip_proxy", members));
            measure(nodes, "treemap", (long) nodes * HashRing.DEFAULT_MULTIPLY,
                    () -> new TreeMapRing(members, HashRing.DEFAULT_MULTIPLY));
        }
    }

    private static void measure(int nodes, String name, long points, java.util.function.Supplier<Object> build) {
        for (int i = 0; i < 3; i++) {
            build.get(); // warm up the code paths
        }
        int copies = 8;
        List<Object> keep = new ArrayList<>();
        long before = usedAfterGc();
        long start = System.nanoTime();
        for (int i = 0; i < copies; i++) {
            keep.add(build.get());
        }
        long buildNanos = (System.nanoTime() - start) / copies;
        long after = usedAfterGc();
        System.out.printf("%-6d %-10s %14d %11.2f MiB %12.1f%n", nodes, name, points,
                (after - before) / (double) copies / (1 << 20), buildNanos / 1e6);
        if (keep.size() != copies) {
            throw new AssertionError();
        }
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
