package org.thor.overlay.net;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A request rate per client address, shared by all connections from that address: a steady
 * {@code perSecond} with bursts of up to {@code burst} requests. Each address has one
 * {@link Allowance} (the generic cell rate algorithm: one "theoretical arrival time" per address,
 * advanced by one emission interval per request with a compare-and-set, so connections on
 * different threads share it without a lock). A server takes a grant for a few requests at a time
 * ({@link Allowance#grant}); when none is left it waits {@link Allowance#waitNanos} and stops
 * reading from that connection meanwhile, so a client over its rate is slowed, never answered
 * wrongly. A connection gives back what it took and did not use when it closes. An address is
 * forgotten once its last connection has closed and its rate has recovered, so closing and
 * reopening connections does not buy a fresh burst.
 */
public final class ClientRateLimit {

    private final long intervalNanos;
    private final long toleranceNanos;
    private final LongSupplier clock;
    private final ConcurrentHashMap<InetAddress, Allowance> byAddress = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param perSecond requests per second per address, at least 1
     * @param burst     requests an address may send at once after a quiet time, at least 1
     * @param clock     nanosecond clock ({@code System::nanoTime}; tests pass their own)
     */
    public ClientRateLimit(long perSecond, int burst, LongSupplier clock) {
        if (perSecond < 1 || perSecond > 1_000_000_000L) {
            throw new IllegalArgumentException("rate per client must be 1..1000000000 per second, got " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst per client must be at least 1, got " + burst);
        }
        this.intervalNanos = 1_000_000_000L / perSecond;
        this.toleranceNanos = intervalNanos * (burst - 1L);
        this.clock = clock;
    }

    /** The allowance of {@code address}, for one more connection from it; {@link #release} when it closes. */
    public Allowance acquire(InetAddress address) {
        sweep();
        return byAddress.compute(address, (a, known) -> {
            Allowance allowance = known != null ? known : new Allowance();
            allowance.connections++;
            return allowance;
        });
    }

    /** One connection from {@code address} closed. */
    public void release(InetAddress address) {
        long now = clock.getAsLong();
        byAddress.computeIfPresent(address, (a, known) -> --known.connections == 0 && known.recovered(now) ? null : known);
    }

    /** Addresses remembered now: those with a connection, and those whose rate has not recovered yet. */
    public int addresses() {
        return byAddress.size();
    }

    /** Forgets, at most once a second, the addresses without connections whose rate has recovered. */
    private void sweep() {
        long now = clock.getAsLong();
        long last = lastSweep.get();
        if (last != Long.MIN_VALUE && now - last < 1_000_000_000L || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        byAddress.forEach((address, allowance) -> byAddress.computeIfPresent(address,
                (a, known) -> known.connections == 0 && known.recovered(now) ? null : known));
    }

    /** What one address may still send. */
    public final class Allowance {

        private final AtomicLong theoreticalArrival = new AtomicLong(Long.MIN_VALUE);
        private final java.util.concurrent.atomic.AtomicBoolean slowed = new java.util.concurrent.atomic.AtomicBoolean();
        private int connections; // guarded by the map's compute

        private Allowance() {
        }

        /**
         * Takes the share of as many requests as the rate allows now, at most {@code wanted}, and
         * returns how many that is (0: none; ask {@link #waitNanos} how long until one).
         * Connections take a few at a time, so that the shared counter is touched once per batch
         * of requests rather than once per request.
         */
        public int grant(int wanted) {
            long now = clock.getAsLong();
            while (true) {
                long stored = theoreticalArrival.get();
                long tat = arrival(stored, now);
                long room = now + toleranceNanos - tat; // what the tolerance leaves, in time
                if (room < 0) {
                    return 0;
                }
                int granted = (int) Math.min(wanted, room / intervalNanos + 1);
                if (theoreticalArrival.compareAndSet(stored, tat + granted * intervalNanos)) {
                    return granted;
                }
            }
        }

        /**
         * Gives back the share of {@code unused} requests a connection was granted and did not
         * serve (it closed): never more than brings the allowance back to a full burst.
         */
        public void refund(int unused) {
            if (unused <= 0) {
                return;
            }
            long now = clock.getAsLong();
            while (true) {
                long stored = theoreticalArrival.get();
                if (stored == Long.MIN_VALUE || stored <= now) {
                    return;
                }
                long back = Math.max(now, stored - unused * intervalNanos);
                if (theoreticalArrival.compareAndSet(stored, back)) {
                    return;
                }
            }
        }

        /** True the first time this address is slowed (for one log line per address, not per connection). */
        public boolean firstTimeSlowed() {
            return slowed.compareAndSet(false, true);
        }

        private boolean recovered(long now) {
            return arrival(theoreticalArrival.get(), now) == now;
        }

        /** Nanoseconds until {@link #grant} grants at least one request (0: now). */
        public long waitNanos() {
            long now = clock.getAsLong();
            long stored = theoreticalArrival.get();
            return Math.max(0, arrival(stored, now) - now - toleranceNanos);
        }

        /** The theoretical arrival time as of {@code now}: never in the past (unused time is not saved up). */
        private static long arrival(long stored, long now) {
            return stored == Long.MIN_VALUE || stored < now ? now : stored;
        }
    }
}
