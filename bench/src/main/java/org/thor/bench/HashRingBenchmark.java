package org.thor.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.thor.overlay.member.Member;
import org.thor.overlay.ring.HashRing;

/**
 * Lookups per second on one thread: the compiled {@link HashRing} against a textbook
 * {@link TreeMapRing} with the same hash, for 3, 30 and 300 nodes at multiply 1000. Both include
 * hashing the key; keys are already normalised (normalisation is measured on its own).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Threads(1)
public class HashRingBenchmark {

    private static final int KEY_MASK = (1 << 16) - 1;

    @Param({"3", "30", "300"})
    public int nodes;

    private HashRing ring;
    private TreeMapRing treeMap;
    private String[] keys;
    private String[] rawKeys;
    private int next;

    @Setup
    public void setUp() {
        List<Member> members = BenchData.members(nodes);
        ring = HashRing.of("sip_proxy", HashRing.DEFAULT_MULTIPLY, members);
        treeMap = new TreeMapRing(members, HashRing.DEFAULT_MULTIPLY);
        keys = BenchData.keys(KEY_MASK + 1, 1);
        rawKeys = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            rawKeys[i] = "sip:" + keys[i].replace("example.com", "Example.COM") + ";transport=tcp";
        }
    }

    @Benchmark
    public Member compiledRing() {
        return ring.lookupNormalised(keys[next++ & KEY_MASK]);
    }

    @Benchmark
    public Member treeMapRing() {
        return treeMap.lookupNormalised(keys[next++ & KEY_MASK]);
    }

    /** The full path a lookup request takes: normalise a raw SIP URI, then look up. */
    @Benchmark
    public Member compiledRingRawUri() {
        return ring.lookup(rawKeys[next++ & KEY_MASK]);
    }
}
