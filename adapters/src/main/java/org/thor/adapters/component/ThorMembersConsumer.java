package org.thor.adapters.component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.thor.overlay.member.Member;
import org.thor.overlay.membership.NetworkStatus;

/**
 * {@code thor:members[?role=R]}: an exchange each time the members of role R (of any role when
 * R is not given) change in the network status. Headers {@code ThorJoined} and {@code ThorLeft}
 * list the ids that came and went, {@code ThorRole} and {@code ThorStatusVersion} say which role
 * and which status; the body is the members now, each a map of id, address, roles and ports. The
 * first status after start counts every member as joined.
 *
 * <p>Statuses arrive on an overlay thread; the exchanges are processed in order on one thread of
 * the consumer's own, so a slow route never holds up the overlay.
 */
final class ThorMembersConsumer extends DefaultConsumer {

    private final ThorEndpoint endpoint;
    private ExecutorService executor;
    private ThorOverlay.Subscription subscription;
    private Map<String, Member> previous = Map.of();

    ThorMembersConsumer(ThorEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        executor = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "thor-members-" + (endpoint.role() == null ? "all" : endpoint.role()));
        subscription = endpoint.overlay().onStatus(status -> executor.execute(() -> onStatus(status)));
        NetworkStatus current = endpoint.overlay().currentStatus();
        if (current != null) {
            executor.execute(() -> onStatus(current));
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (subscription != null) {
            subscription.close();
        }
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdown(executor);
        }
        super.doStop();
    }

    /** Runs on the consumer's thread only. */
    private void onStatus(NetworkStatus status) {
        Map<String, Member> now = new TreeMap<>();
        for (Member m : status.members()) {
            if (endpoint.role() == null || m.serves(endpoint.role())) {
                now.put(m.id(), m);
            }
        }
        if (now.keySet().equals(previous.keySet())) {
            previous = now;
            return;
        }
        List<String> joined = new ArrayList<>(now.keySet());
        joined.removeAll(previous.keySet());
        List<String> left = new ArrayList<>(previous.keySet());
        left.removeAll(now.keySet());
        previous = now;

        Exchange exchange = createExchange(false);
        try {
            var message = exchange.getMessage();
            if (endpoint.role() != null) {
                message.setHeader(ThorConstants.ROLE, endpoint.role());
            }
            message.setHeader(ThorConstants.JOINED, joined);
            message.setHeader(ThorConstants.LEFT, left);
            message.setHeader(ThorConstants.STATUS_VERSION, status.version().toString());
            message.setBody(now.values().stream().map(ThorMembersConsumer::describe).toList());
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("thor:members failed on status " + status.version(), exchange,
                        exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }

    static Map<String, Object> describe(Member m) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", m.id());
        map.put("address", m.address());
        map.put("roles", List.copyOf(new java.util.TreeSet<>(m.roles())));
        map.put("ports", new TreeMap<>(m.ports()));
        return map;
    }
}
