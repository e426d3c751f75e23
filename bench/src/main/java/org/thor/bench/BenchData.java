package org.thor.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.thor.overlay.member.Member;

/** Members and keys shared by the benchmarks, generated from fixed seeds. */
final class BenchData {

    private BenchData() {
    }

    static List<Member> members(int count) {
        List<Member> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String address = "10." + (i / 65536) + "." + (i / 256 % 256) + "." + (i % 256);
            list.add(new Member(address, address, Set.of("sip_proxy")));
        }
        return list;
    }

    /** {@code count} distinct normalised subscriber keys such as {@code u4f2k9x@example.com}. */
    static String[] keys(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] keys = new String[count];
        for (int i = 0; i < count; i++) {
            keys[i] = "u" + Long.toString(random.nextLong() >>> 20, 36) + "@example.com";
        }
        return keys;
    }
}
