package org.thor.overlay.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.thor.overlay.lookup.LookupObserver;
import org.thor.overlay.member.Member;
import org.thor.overlay.membership.NetworkStatus;
import org.thor.overlay.ring.NoNodeOnlineException;
import org.thor.overlay.ring.RingKey;
import org.thor.overlay.ring.RoleRings;

/**
 * The node's own routes on the HTTP API (docs/http-api.md): {@code GET /lookup/{role}/{key}},
 * {@code /health}, {@code /health/live}, {@code /health/ready}, {@code /metrics} and the status
 * page {@code /}. Further routes (subscriber data for the SIP proxy's script) are added to the
 * same {@link HttpRouter}.
 */
public final class NodeApi {

    public static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    private final NodeState node;
    private final NodeMetrics metrics;

    public NodeApi(NodeState node, NodeMetrics metrics) {
        this.node = node;
        this.metrics = metrics;
    }

    /** A router with the node's routes. */
    public static HttpRouter router(NodeState node, NodeMetrics metrics) {
        return new NodeApi(node, metrics).addTo(new HttpRouter());
    }

    public HttpRouter addTo(HttpRouter router) {
        return router
                .get("/lookup/{role}/{key}", this::lookup)
                .get("/health/live", r -> live())
                .get("/health/ready", r -> ready())
                .get("/health", r -> ready())
                .get("/metrics", r -> HttpAnswer.text(200, PROMETHEUS, metrics.scrape()))
                .get("/", r -> HttpAnswer.text(200, HttpAnswer.HTML, StatusPage.render(node)));
    }

    HttpAnswer lookup(HttpRouter.Request request) {
        String role = request.param("role");
        String key;
        try {
            key = RingKey.normalise(request.param("key"));
        } catch (IllegalArgumentException e) {
            metrics.lookup(role, LookupObserver.BAD_KEY, NodeMetrics.HTTP);
            return HttpAnswer.error(400, "bad key: " + e.getMessage());
        }
        RoleRings rings = node.rings();
        Member home;
        try {
            home = rings.ring(role).lookupNormalised(key);
        } catch (NoNodeOnlineException e) {
            metrics.lookup(role, LookupObserver.NO_NODE, NodeMetrics.HTTP);
            return HttpAnswer.error(404, e.getMessage());
        }
        metrics.lookup(role, LookupObserver.OK, NodeMetrics.HTTP);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("role", role);
        body.put("key", key);
        body.put("node", member(home));
        return HttpAnswer.json(200, body);
    }

    private static HttpAnswer live() {
        return HttpAnswer.json(200, Map.of("status", "UP"));
    }

    /** Ready once the member has a network status and at least one event server connection. */
    HttpAnswer ready() {
        NetworkStatus status = node.status();
        int servers = node.connectedEventServers();
        List<String> reasons = new ArrayList<>();
        if (status == null) {
            reasons.add("no network status received yet");
        }
        if (servers < 1) {
            reasons.add("not connected to any event server");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", reasons.isEmpty() ? "UP" : "DOWN");
        body.put("member", node.memberId());
        if (status != null) {
            Map<String, Object> version = new LinkedHashMap<>();
            version.put("term", status.version().term());
            version.put("sequence", status.version().sequence());
            version.put("activeManager", status.activeManager());
            version.put("members", status.members().size());
            body.put("networkStatus", version);
        } else {
            body.put("networkStatus", null);
        }
        body.put("eventServers", servers);
        Map<String, String> roles = new TreeMap<>();
        node.roleHealth().forEach((role, ok) -> roles.put(role, ok ? "UP" : "DOWN"));
        body.put("roles", roles);
        if (!reasons.isEmpty()) {
            body.put("reasons", reasons);
        }
        return HttpAnswer.json(reasons.isEmpty() ? 200 : 503, body);
    }

    static Map<String, Object> member(Member m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", m.id());
        json.put("address", m.address());
        json.put("ports", new TreeMap<>(m.ports()));
        return json;
    }
}
