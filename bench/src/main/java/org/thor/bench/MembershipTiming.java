package org.thor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.thor.app.LocalNetwork;
import org.thor.app.MemberProcess;
import org.thor.overlay.lookup.LookupClient;

/**
 * Time from a failure or a join to every member updated, on a real network of processes
 * ({@link LocalNetwork}: 3 event servers, 2 managers, N nodes on loopback). For each trial a
 * victim node is killed (kill -9), started again (join), stopped (SIGSTOP) and resumed
 * (SIGCONT); the clock runs from the action to the moment every other node's rings, asked over
 * its lookup service every few milliseconds, reflect it.
 *
 * <p>Run: {@code java -cp bench/target/thor-bench.jar org.thor.bench.MembershipTiming [TRIALS=20] [NODES=5]}.
 * It stops by itself and uses only loopback addresses.
 */
public final class MembershipTiming {

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("thor-membership-timing");
        double[] kill = new double[trials];
        double[] join = new double[trials];
        double[] stop = new double[trials];
        double[] resume = new double[trials];
        try (LocalNetwork net = LocalNetwork.start(dir, nodes, 0, 0)) {
            List<String> all = net.ofKind("node").stream().map(MemberProcess::address).toList();
            if (!net.awaitNodes(net.ofKind("node"), all, Duration.ofSeconds(60))) {
                throw new IllegalStateException("the network did not converge; see " + dir.resolve("logs"));
            }
            for (int t = 0; t < trials; t++) {
                int victimIndex = 1 + t % nodes;
                String victimName = "node" + victimIndex;
                MemberProcess victim = net.member(victimName);
                List<MemberProcess> others = net.ofKind("node").stream().filter(n -> !n.name().equals(victimName)).toList();
                List<String> without = others.stream().map(MemberProcess::address).toList();
                Watch watch = new Watch(others);

                long start = System.nanoTime();
                victim.kill();
                kill[t] = watch.until(without, start);

                start = System.nanoTime();
                MemberProcess again = net.startNode(victimIndex);
                long ready = System.nanoTime();
                join[t] = new Watch(net.ofKind("node")).until(all, ready);

                start = System.nanoTime();
                again.pause(true);
                stop[t] = watch.until(without, start);

                start = System.nanoTime();
                again.pause(false);
                resume[t] = new Watch(net.ofKind("node")).until(all, start);
                watch.close();
                System.out.printf("trial %2d (%s): kill %6.0f ms  join %6.0f ms  stop %6.0f ms  resume %6.0f ms%n",
                        t + 1, victimName, kill[t], join[t], stop[t], resume[t]);
            }
        }
        System.out.println();
        System.out.printf("%-28s %8s %8s%n", "event (" + trials + " trials)", "p50 ms", "max ms");
        print("kill -9 -> gone everywhere", kill);
        print("join (READY) -> everywhere", join);
        print("SIGSTOP -> gone everywhere", stop);
        print("SIGCONT -> back everywhere", resume);
    }

    private static void print(String what, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        System.out.printf("%-28s %8.0f %8.0f%n", what, sorted[(sorted.length - 1) / 2], sorted[sorted.length - 1]);
    }

    /** Persistent lookup connections to the observing nodes, polled with {@code nodes sip_proxy}. */
    private static final class Watch implements AutoCloseable {
        private final List<LookupClient> clients = new ArrayList<>();

        Watch(List<MemberProcess> observers) throws IOException {
            for (MemberProcess m : observers) {
                clients.add(new LookupClient(m.address(), m.port(), Duration.ofSeconds(5)));
            }
        }

        /** Milliseconds from {@code startNanos} until every observer holds exactly {@code expected}. */
        double until(List<String> expected, long startNanos) throws IOException, InterruptedException {
            String want = String.join(" ", expected.stream().sorted().toList());
            long deadline = startNanos + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                boolean all = true;
                for (LookupClient c : clients) {
                    if (!want.equals(c.request("nodes sip_proxy"))) {
                        all = false;
                        break;
                    }
                }
                if (all) {
                    return (System.nanoTime() - startNanos) / 1e6;
                }
                Thread.sleep(2);
            }
            throw new IllegalStateException("not every node reached '" + want + "' within 30 s");
        }

        @Override
        public void close() throws IOException {
            for (LookupClient c : clients) {
                c.close();
            }
        }
    }
}
