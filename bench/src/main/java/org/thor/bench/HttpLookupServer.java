package org.thor.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.thor.overlay.http.HttpApiConfig;
import org.thor.overlay.http.HttpApiServer;
import org.thor.overlay.http.NodeApi;
import org.thor.overlay.http.NodeMetrics;
import org.thor.overlay.http.NodeState;
import org.thor.overlay.member.Member;
import org.thor.overlay.membership.NetworkStatus;
import org.thor.overlay.ring.RoleRings;

/**
 * The node HTTP API over a fixed ring of NODES sip_proxy nodes, for load tests of
 * {@code GET /lookup/...} (bench/http-load.sh). Prints {@code READY http 127.0.0.1:PORT}, then
 * serves until killed.
 *
 * <p>Usage: {@code HttpLookupServer NODES}
 */
public final class HttpLookupServer {

    private HttpLookupServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int nodes = Integer.parseInt(args[0]);
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            members.add(new Member("node" + i, "10.0." + i / 256 + "." + i % 256, Set.of("sip_proxy"),
                    Map.of("sip_proxy", 5060)));
        }
        RoleRings rings = RoleRings.of(1000, members);
        NodeState node = new NodeState() {
            @Override
            public String memberId() {
                return "bench";
            }

            @Override
            public RoleRings rings() {
                return rings;
            }

            @Override
            public NetworkStatus status() {
                return null;
            }

            @Override
            public int connectedEventServers() {
                return 0;
            }

            @Override
            public long eventsDelivered() {
                return 0;
            }

            @Override
            public Map<String, Boolean> roleHealth() {
                return Map.of();
            }
        };
        HttpApiServer server = HttpApiServer.start(HttpApiConfig.defaults().withAddress("127.0.0.1", 0),
                NodeApi.router(node, new NodeMetrics(node)));
        System.out.println("READY http 127.0.0.1:" + server.localAddress().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
