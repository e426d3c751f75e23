package org.thor.overlay.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.thor.overlay.lookup.LookupObserver;
import org.thor.overlay.membership.NetworkStatus;
import org.thor.overlay.ring.RoleRings;

/**
 * The node's Prometheus metrics (Micrometer), named in docs/http-api.md:
 * {@code thor_lookups_total{role,result,via}}, {@code thor_lookups_throttled_total},
 * {@code thor_events_delivered_total},
 * {@code thor_members{role}}, {@code thor_role_healthy{role}},
 * {@code thor_network_status_term} and {@code thor_network_status_sequence}.
 *
 * <p>Gauges per role are refreshed from the {@link NodeState} at each scrape, so a role that
 * leaves the network leaves the output too. The {@code role} tag of lookups comes from clients,
 * so only well-formed role names are kept and at most {@value #MAX_LOOKUP_SERIES} series; the
 * rest count as {@code other}, and a scraper cannot be flooded with series.
 */
public final class NodeMetrics {

    /** Lookups answered by the HTTP API, the {@code via} tag. */
    public static final String HTTP = "http";
    /** Lookups answered by the TCP lookup service. */
    public static final String TCP = "tcp";

    /** Lookup series kept before further roles count as {@code other}: 64 roles × 3 results × 2 services. */
    static final int MAX_LOOKUP_SERIES = 64 * 3 * 2;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final NodeState node;
    private final MultiGauge members;
    private final MultiGauge healthy;
    private final Map<String, Counter> lookups = new ConcurrentHashMap<>();
    private final Counter throttledLookups;

    public NodeMetrics(NodeState node) {
        this.node = node;
        FunctionCounter.builder("thor.events.delivered", node, NodeState::eventsDelivered)
                .description("events delivered to this member").register(registry);
        Gauge.builder("thor.network.status.term", node, n -> version(n, true))
                .description("term of the latest network status (0 before the first)").register(registry);
        Gauge.builder("thor.network.status.sequence", node, n -> version(n, false))
                .description("sequence of the latest network status in its term").register(registry);
        Gauge.builder("thor.event.servers.connected", node, NodeState::connectedEventServers)
                .description("event servers this member is connected to").register(registry);
        throttledLookups = Counter.builder("thor.lookups.throttled")
                .description("lookup request lines that waited because their client was over its rate").register(registry);
        members = MultiGauge.builder("thor.members").description("online members per role").register(registry);
        healthy = MultiGauge.builder("thor.role.healthy").description("1 when the role's health check passes").register(registry);
    }

    /**
     * Counts one lookup of {@code role} answered {@code via} ({@link #HTTP} or {@link #TCP}) with
     * {@code result} ({@link LookupObserver#OK}, {@link LookupObserver#NO_NODE}, {@link LookupObserver#BAD_KEY}).
     */
    public void lookup(String role, String result, String via) {
        String tag = role != null && role.matches("[a-z][a-z0-9_]{0,62}") ? role : "other";
        String key = tag + ' ' + result + ' ' + via;
        Counter counter = lookups.get(key);
        if (counter == null) {
            if (lookups.size() >= MAX_LOOKUP_SERIES && !"other".equals(tag)) {
                lookup("other", result, via);
                return;
            }
            counter = lookups.computeIfAbsent(key, k -> Counter.builder("thor.lookups")
                    .description("lookups answered, by role, result and service")
                    .tags("role", tag, "result", result, "via", via).register(registry));
        }
        counter.increment();
    }

    /**
     * Counts the lookups of a TCP lookup service (pass it to {@code LookupServer.start}), and the
     * request lines that waited for their client's rate.
     */
    public LookupObserver tcpLookups() {
        return new LookupObserver() {
            @Override
            public void lookedUp(String role, String result) {
                lookup(role, result, TCP);
            }

            @Override
            public void throttled() {
                throttledLookups.increment();
            }
        };
    }

    /**
     * The metrics in the Prometheus text format. Synchronized: two scrapes on two event loops must
     * not re-register the per-role gauge rows at the same time.
     */
    public synchronized String scrape() {
        RoleRings rings = node.rings();
        List<MultiGauge.Row<?>> memberRows = new ArrayList<>();
        for (String role : rings.roles()) {
            memberRows.add(MultiGauge.Row.of(Tags.of("role", role), rings.ring(role).members().size()));
        }
        members.register(memberRows, true);
        List<MultiGauge.Row<?>> healthRows = new ArrayList<>();
        node.roleHealth().forEach((role, ok) -> healthRows.add(MultiGauge.Row.of(Tags.of("role", role), ok ? 1 : 0)));
        healthy.register(healthRows, true);
        return registry.scrape();
    }

    private static double version(NodeState node, boolean term) {
        NetworkStatus status = node.status();
        if (status == null) {
            return 0;
        }
        return term ? status.version().term() : status.version().sequence();
    }
}
