package org.thor.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load client for the lookup service: several connections, each pipelining up to {@code window}
 * requests, for a fixed time; reports lookups per second and the latency of each request from the
 * moment its batch was written to the moment its answer line arrived (p50/p99/p99.9/max).
 *
 * <p>Usage: {@code java -cp bench/target/thor-bench.jar org.thor.bench.LookupLoadClient
 * HOST:PORT [connections=2] [window=256] [seconds=10] [warmupSeconds=3] [role=sip_proxy]}.
 * It stops by itself; it sends only to the address given (use loopback).
 */
public final class LookupLoadClient {

    private static final int BATCH = 32;
    private static final int MAX_MICROS = 1_000_000;

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: LookupLoadClient HOST:PORT [connections] [window] [seconds] [warmupSeconds] [role]");
            System.exit(2);
        }
        String[] hp = args[0].split(":");
        String host = hp[0];
        int port = Integer.parseInt(hp[1]);
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        String role = args.length > 5 ? args[5] : "sip_proxy";
        if (seconds < 1 || seconds > 600 || warmup < 0 || window < BATCH || connections < 1 || connections > 64) {
            throw new IllegalArgumentException("seconds 1..600, warmup >= 0, window >= " + BATCH + ", connections 1..64");
        }

        String[] keys = BenchData.keys(1 << 16, 5);
        byte[][] requests = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            requests[i] = ("lookup " + role + " for " + keys[i] + "\n").getBytes(StandardCharsets.US_ASCII);
        }

        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Connection> all = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            all.add(new Connection(host, port, window, requests, measuring, running, c));
        }
        all.forEach(Connection::start);
        Thread.sleep(warmup * 1000L);
        long startAnswers = 0;
        for (Connection c : all) {
            startAnswers += c.answers.get();
        }
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        long endAnswers = 0;
        long errors = 0;
        long[] histogram = new long[MAX_MICROS + 1];
        for (Connection c : all) {
            endAnswers += c.answers.get();
            errors += c.errors.get();
        }
        running.set(false);
        for (Connection c : all) {
            c.stop();
            for (int i = 0; i <= MAX_MICROS; i++) {
                histogram[i] += c.histogram[i];
            }
        }
        long answered = endAnswers - startAnswers;
        System.out.printf("connections=%d window=%d seconds=%d%n", connections, window, seconds);
        System.out.printf("lookups/s: %.0f   (answers %d, error answers %d)%n", answered / (elapsed / 1e9), answered, errors);
        System.out.printf("latency us: p50 %d  p99 %d  p99.9 %d  max %d%n",
                percentile(histogram, 0.50), percentile(histogram, 0.99), percentile(histogram, 0.999),
                percentile(histogram, 1.0));
        if (errors > 0) {
            System.exit(1);
        }
    }

    private static long percentile(long[] histogram, double q) {
        long total = 0;
        for (long h : histogram) {
            total += h;
        }
        long target = (long) Math.ceil(total * q);
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= target && histogram[i] > 0) {
                return i;
            }
        }
        return MAX_MICROS;
    }

    /** One pipelined connection: a writer thread bounded by a window of outstanding requests, a reader thread. */
    private static final class Connection {
        final Socket socket = new Socket();
        final Semaphore outstanding;
        final long[] sentAt;
        final int mask;
        final byte[][] requests;
        final AtomicBoolean measuring;
        final AtomicBoolean running;
        final AtomicLong answers = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final long[] histogram = new long[MAX_MICROS + 1];
        final int offset;
        Thread writer;
        Thread reader;

        Connection(String host, int port, int window, byte[][] requests, AtomicBoolean measuring,
                AtomicBoolean running, int offset) throws IOException {
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setTcpNoDelay(true);
            this.outstanding = new Semaphore(window);
            int cap = Integer.highestOneBit(window + BATCH) << 1;
            this.sentAt = new long[cap];
            this.mask = cap - 1;
            this.requests = requests;
            this.measuring = measuring;
            this.running = running;
            this.offset = offset * 7919;
        }

        void start() {
            writer = new Thread(this::write, "load-writer");
            reader = new Thread(this::read, "load-reader");
            writer.setDaemon(true);
            reader.setDaemon(true);
            writer.start();
            reader.start();
        }

        void stop() throws InterruptedException, IOException {
            writer.interrupt();
            writer.join(2000);
            socket.close();
            reader.join(2000);
        }

        private void write() {
            byte[] buffer = new byte[BATCH * 128];
            long seq = 0;
            try {
                OutputStream out = socket.getOutputStream();
                while (running.get()) {
                    outstanding.acquire(BATCH);
                    int length = 0;
                    long now = System.nanoTime();
                    for (int i = 0; i < BATCH; i++) {
                        byte[] r = requests[(int) ((seq + offset) & (requests.length - 1))];
                        System.arraycopy(r, 0, buffer, length, r.length);
                        length += r.length;
                        sentAt[(int) (seq & mask)] = now;
                        seq++;
                    }
                    out.write(buffer, 0, length);
                }
            } catch (InterruptedException | IOException e) {
                // stopping
            }
        }

        private void read() {
            byte[] buffer = new byte[64 * 1024];
            long seq = 0;
            boolean lineStart = true;
            int done = 0;
            try {
                InputStream in = socket.getInputStream();
                int n;
                while ((n = in.read(buffer)) > 0) {
                    long now = System.nanoTime();
                    boolean record = measuring.get();
                    for (int i = 0; i < n; i++) {
                        byte b = buffer[i];
                        if (lineStart && b == 'e') {
                            errors.incrementAndGet();
                        }
                        lineStart = false;
                        if (b == '\n') {
                            lineStart = true;
                            if (record) {
                                long micros = (now - sentAt[(int) (seq & mask)]) / 1000;
                                histogram[(int) Math.min(micros, MAX_MICROS)]++;
                            }
                            seq++;
                            answers.incrementAndGet();
                            if (++done == BATCH) {
                                outstanding.release(BATCH);
                                done = 0;
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }
    }
}
