package org.thor.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.thor.app.LocalNetwork;
import org.thor.app.MemberProcess;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * How long a crashed node stays in thor-dns answers: starts a {@link LocalNetwork} (3 event
 * servers, 2 managers, 2 dns members, 3 nodes, one JVM each), then per trial kills node3 with
 * kill -9 and measures the time until neither dns member names it under
 * {@code _sip._udp.example.com} SRV any more (both asked every 5 ms over UDP), then restarts
 * it and waits until both name it again. Prints every trial and p50/max.
 *
 * <pre>java -cp bench/target/thor-bench.jar org.thor.bench.DnsPropagation [TRIALS] [DIR]</pre>
 */
public final class DnsPropagation {

    private static final Name SIP_UDP = Name.fromConstantString("_sip._udp.example.com.");

    private DnsPropagation() {
    }

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("thor-dns-propagation");
        List<Long> millis = new ArrayList<>();
        try (LocalNetwork net = LocalNetwork.start(dir, 3, 0, 0, 0)) {
            List<SimpleResolver> servers = new ArrayList<>();
            for (MemberProcess dns : net.ofKind("dns")) {
                SimpleResolver r = new SimpleResolver(dns.address());
                r.setPort(dns.port());
                r.setTimeout(Duration.ofSeconds(1));
                servers.add(r);
            }
            awaitNamed(servers, true, Duration.ofSeconds(60));
            for (int t = 1; t <= trials; t++) {
                long start = System.nanoTime();
                net.member("node3").kill();
                if (!awaitNamed(servers, false, Duration.ofSeconds(30))) {
                    throw new IllegalStateException("trial " + t + ": node3 still in DNS 30 s after kill -9");
                }
                long ms = (System.nanoTime() - start) / 1_000_000;
                millis.add(ms);
                System.out.printf("trial %2d: gone from both dns members after %d ms%n", t, ms);
                net.startNode(3);
                if (!awaitNamed(servers, true, Duration.ofSeconds(60))) {
                    throw new IllegalStateException("trial " + t + ": node3 did not come back into DNS");
                }
            }
        }
        Collections.sort(millis);
        System.out.printf("kill -9 -> gone from both dns members' SRV answers, %d trials: p50 %d ms, max %d ms%n",
                millis.size(), millis.get((millis.size() - 1) / 2), millis.get(millis.size() - 1));
    }

    /** Waits until every server names node3 ({@code named}) or none does; false on timeout. */
    private static boolean awaitNamed(List<SimpleResolver> servers, boolean named, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (SimpleResolver r : servers) {
                Boolean has = namesNode3(r);
                if (has == null || has != named) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
            Thread.sleep(5); // polling other processes
        }
        return false;
    }

    private static Boolean namesNode3(SimpleResolver resolver) {
        try {
            Message m = resolver.send(Message.newQuery(Record.newRecord(SIP_UDP, Type.SRV, DClass.IN)));
            return m.getSection(Section.ANSWER).stream().filter(r -> r instanceof SRVRecord)
                    .anyMatch(r -> ((SRVRecord) r).getTarget().toString().equals("node3.example.com."));
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
