package org.thor.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.thor.overlay.event.Event;
import org.thor.overlay.event.EventClient;
import org.thor.overlay.event.EventClientConfig;
import org.thor.overlay.event.EventServer;
import org.thor.overlay.event.EventServerConfig;
import org.thor.overlay.event.Topics;
import org.thor.overlay.tls.CertificateAuthority;
import org.thor.overlay.tls.ReloadingTls;

/**
 * Fan-out load on one event server over loopback: one publisher, N subscribers, all in this JVM
 * with the server. Runs the same load over mutual TLS and over plain TCP (the benchmark-only
 * plaintext mode of the same server and client code), and prints, for each:
 *
 * <ul>
 *   <li>throughput: events/s published and deliveries/s, with the publisher kept at most
 *       {@code --window} events ahead of the slowest subscriber;</li>
 *   <li>latency: publish-to-deliver p50/p99/max at a fixed rate well under saturation
 *       ({@code --rate} events/s), measured on every subscriber.</li>
 * </ul>
 *
 * <pre>java -cp bench/target/thor-bench.jar org.thor.bench.EventFanOutLoad --subscribers 50 --events 100000</pre>
 */
public final class EventFanOutLoad {

    private int subscribers = 50;
    private int events = 100_000;
    private int payload = 200;
    private int window = 2_000;
    private int rate = 1_000;
    private int latencySeconds = 5;
    private int clientThreads = 1;
    private String modes = "tls,tcp";

    public static void main(String[] args) throws Exception {
        EventFanOutLoad load = new EventFanOutLoad();
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--subscribers" -> load.subscribers = Integer.parseInt(value);
                case "--events" -> load.events = Integer.parseInt(value);
                case "--payload" -> load.payload = Integer.parseInt(value);
                case "--window" -> load.window = Integer.parseInt(value);
                case "--rate" -> load.rate = Integer.parseInt(value);
                case "--latency-seconds" -> load.latencySeconds = Integer.parseInt(value);
                case "--client-threads" -> load.clientThreads = Integer.parseInt(value);
                case "--modes" -> load.modes = value;
                default -> {
                    System.err.println("unknown option " + args[i] + "; options: --subscribers --events --payload --window "
                            + "--rate --latency-seconds --client-threads --modes tls,tcp");
                    System.exit(2);
                }
            }
        }
        System.out.printf("subscribers=%d events=%d payload=%dB window=%d latency rate=%d/s for %ds, client threads=%d%n",
                load.subscribers, load.events, load.payload, load.window, load.rate, load.latencySeconds, load.clientThreads);
        Path dir = Files.createTempDirectory("thor-bench-ca");
        CertificateAuthority ca = CertificateAuthority.init(dir, "bench.example.com", Clock.systemUTC());
        ca.issue("events1", List.of("127.0.0.1"), List.of(), Set.of("thor_eventserver"), 1, false);
        ca.issue("publisher", List.of("127.0.0.1"), List.of(), Set.of("sip_proxy"), 1, false);
        ca.issue("subscriber", List.of("127.0.0.1"), List.of(), Set.of("sip_proxy"), 1, false);
        for (String mode : load.modes.split(",")) {
            load.run(ca, mode.trim());
        }
    }

    private void run(CertificateAuthority ca, String mode) throws Exception {
        boolean tls = mode.equals("tls");
        Duration reload = Duration.ofHours(1);
        try (ReloadingTls serverTls = ReloadingTls.start(ca.tlsFiles("events1"), reload);
             ReloadingTls publisherTls = ReloadingTls.start(ca.tlsFiles("publisher"), reload);
             ReloadingTls subscriberTls = ReloadingTls.start(ca.tlsFiles("subscriber"), reload)) {
            EventServerConfig config = EventServerConfig.defaults().withAddress("127.0.0.1", 0);
            EventServer server = tls ? EventServer.start(config, serverTls)
                    : EventServer.startPlaintextForBenchmark(config, serverTls, publisherTls.current().identity());
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(clientThreads, NioIoHandler.newFactory());
            try {
                EventClientConfig clientConfig = EventClientConfig.of(
                        List.of(new InetSocketAddress("127.0.0.1", server.localAddress().getPort())));
                List<Subscriber> subs = new ArrayList<>();
                List<EventClient> clients = new ArrayList<>();
                for (int i = 0; i < subscribers; i++) {
                    Subscriber s = new Subscriber();
                    EventClient c = tls ? EventClient.start(clientConfig, subscriberTls, s, group)
                            : EventClient.startPlaintextForBenchmark(clientConfig, subscriberTls, s, group);
                    c.subscribe(Topics.STATISTICS);
                    subs.add(s);
                    clients.add(c);
                }
                EventClient publisher = tls ? EventClient.start(clientConfig, publisherTls, e -> { }, group)
                        : EventClient.startPlaintextForBenchmark(clientConfig, publisherTls, e -> { }, group);
                clients.add(publisher);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (server.subscriberCount(Topics.STATISTICS) < subscribers || publisher.connectedServers() < 1) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("subscribers did not connect in 60 s");
                    }
                    LockSupport.parkNanos(1_000_000);
                }

                saturate(publisher, subs, events / 5); // warm-up
                subs.forEach(Subscriber::reset);
                long start = System.nanoTime();
                saturate(publisher, subs, events);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "%-4s throughput: %,.0f events/s published, %,.0f deliveries/s (%d x %d in %.2f s)%n",
                        mode, events / seconds, (double) events * subscribers / seconds, events, subscribers, seconds);

                int paced = rate * latencySeconds;
                subs.forEach(s -> s.startLatency(paced));
                long interval = 1_000_000_000L / rate;
                long next = System.nanoTime();
                for (int i = 0; i < paced; i++) {
                    for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    publish(publisher);
                    next += interval;
                }
                waitForAll(subs, paced);
                long[] all = subs.stream().flatMapToLong(s -> Arrays.stream(s.latencies, 0, (int) s.count.get())).sorted().toArray();
                System.out.printf(Locale.ROOT, "%-4s latency at %d events/s (%,d deliveries): p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                        mode, rate, all.length, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, all[all.length - 1] / 1e6);
                clients.forEach(EventClient::close);
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                server.close();
            }
        }
    }

    private void saturate(EventClient publisher, List<Subscriber> subs, int count) {
        long base = subs.stream().mapToLong(s -> s.count.get()).min().orElse(0);
        for (int i = 0; i < count; i++) {
            while (i - (subs.stream().mapToLong(s -> s.count.get()).min().orElse(0) - base) >= window) {
                LockSupport.parkNanos(20_000);
            }
            publish(publisher);
        }
        waitForAll(subs, base + count);
    }

    private void publish(EventClient publisher) {
        byte[] body = new byte[payload];
        ByteBuffer.wrap(body).putLong(System.nanoTime());
        if (publisher.publish(Topics.STATISTICS, body).servers() != 1) {
            throw new IllegalStateException("publisher lost its server");
        }
    }

    private static void waitForAll(List<Subscriber> subs, long count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (subs.stream().anyMatch(s -> s.count.get() < count)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("deliveries missing after 120 s");
            }
            LockSupport.parkNanos(100_000);
        }
    }

    private static final class Subscriber implements org.thor.overlay.event.EventListener {
        final AtomicLong count = new AtomicLong();
        volatile boolean recordLatency;
        long[] latencies = new long[0];

        void reset() {
            count.set(0);
        }

        void startLatency(int events) {
            latencies = new long[events];
            count.set(0);
            recordLatency = true;
        }

        @Override
        public void onEvent(Event event) {
            long now = System.nanoTime();
            long n = count.getAndIncrement();
            if (recordLatency && n < latencies.length) {
                latencies[(int) n] = now - ByteBuffer.wrap(event.payload()).getLong();
            }
        }
    }
}
