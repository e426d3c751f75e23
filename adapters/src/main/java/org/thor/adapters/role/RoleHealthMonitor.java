package org.thor.adapters.role;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which roles a node announces: the roles without a health check always, the others
 * only while their check passes, with rise/fall hysteresis ({@link Hysteresis}). Each role's probe
 * runs every interval on the monitor's threads; whenever the set of roles to announce changes it
 * is handed to {@code announce} (in practice {@code MemberAgent.announce}), which the network
 * sees in the next status. A role starts unannounced until it passes {@code rise} checks.
 */
public final class RoleHealthMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoleHealthMonitor.class);

    /** One watched role: its probe and timing. */
    public record Watched(String role, HealthProbe probe, Duration interval, int rise, int fall) {

        public static Watched of(String role, HealthCheck check) {
            return of(role, check, name -> null);
        }

        /** As {@link #of(String, HealthCheck)}, resolving {@code probe} checks by name through {@code named}. */
        public static Watched of(String role, HealthCheck check, java.util.function.Function<String, HealthProbe> named) {
            return new Watched(role, HealthProbe.of(check, named), check.interval(), check.rise(), check.fall());
        }
    }

    private final Set<String> always;
    private final List<Watched> watched;
    private final Consumer<Set<String>> announce;
    private final Map<String, Hysteresis> states = new LinkedHashMap<>();
    private final ScheduledExecutorService timer;
    private Set<String> announced;

    /**
     * @param always   roles announced whatever happens (no health check; Thor's own roles)
     * @param watched  roles announced only while healthy
     * @param announce told the full set of roles to announce, once at start and on every change
     */
    public RoleHealthMonitor(Set<String> always, List<Watched> watched, Consumer<Set<String>> announce) {
        this.always = Set.copyOf(always);
        this.watched = List.copyOf(watched);
        this.announce = announce;
        for (Watched w : watched) {
            states.put(w.role(), new Hysteresis(w.rise(), w.fall()));
        }
        this.timer = Executors.newScheduledThreadPool(Math.max(1, Math.min(4, watched.size())), r -> {
            Thread t = new Thread(r, "thor-health");
            t.setDaemon(true);
            return t;
        });
    }

    /** Announces the unchecked roles and starts checking the others. */
    public void start() {
        publish();
        for (Watched w : watched) {
            timer.scheduleWithFixedDelay(() -> probe(w), 0, w.interval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void probe(Watched w) {
        boolean passed;
        try {
            passed = w.probe().check();
        } catch (Exception e) {
            LOG.debug("health check of {} failed: {}", w.role(), e.toString());
            passed = false;
        } catch (Error e) {
            LOG.warn("health check of {} failed: {}", w.role(), e.toString());
            passed = false;
        }
        boolean changed;
        synchronized (this) {
            Hysteresis state = states.get(w.role());
            boolean before = state.healthy();
            changed = state.record(passed) != before;
        }
        if (changed) {
            LOG.info("role {} is {}", w.role(), isHealthy(w.role()) ? "healthy: announcing it" : "unhealthy: withdrawing it");
            publish();
        }
    }

    private void publish() {
        Set<String> roles;
        synchronized (this) {
            roles = new TreeSet<>(always);
            states.forEach((role, state) -> {
                if (state.healthy()) {
                    roles.add(role);
                }
            });
            if (roles.equals(announced)) {
                return;
            }
            announced = roles;
        }
        try {
            announce.accept(Set.copyOf(roles));
        } catch (RuntimeException e) {
            LOG.warn("cannot announce roles {}: {}", roles, e.toString());
        }
    }

    /** Whether {@code role} is announced now (always true for an unchecked role this monitor knows). */
    public synchronized boolean isHealthy(String role) {
        Hysteresis state = states.get(role);
        return state != null ? state.healthy() : always.contains(role);
    }

    /** The roles announced now. */
    public synchronized Set<String> announced() {
        return announced == null ? Set.of() : Set.copyOf(announced);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
