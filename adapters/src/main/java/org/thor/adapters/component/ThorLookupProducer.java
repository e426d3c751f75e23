package org.thor.adapters.component;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.thor.overlay.member.Member;

/**
 * {@code thor:lookup?role=R}: the home node of a key for R, looked up in this member's rings (one
 * step in local memory). The key is header {@code ThorKey} or else the body; the node comes out as
 * headers, the body is left alone. No node online for R fails the exchange with
 * {@code NoNodeOnlineException}.
 */
final class ThorLookupProducer extends DefaultProducer {

    private final ThorEndpoint endpoint;

    ThorLookupProducer(ThorEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        String key = in.getHeader(ThorConstants.KEY, String.class);
        if (key == null) {
            key = in.getBody(String.class);
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("thor:lookup needs a key: set the body or the header " + ThorConstants.KEY);
        }
        String role = endpoint.role();
        Member home = endpoint.overlay().rings().lookup(role, key.strip());
        in.setHeader(ThorConstants.ROLE, role);
        in.setHeader(ThorConstants.NODE_ID, home.id());
        in.setHeader(ThorConstants.NODE_ADDRESS, home.address());
        in.setHeader(ThorConstants.NODE_PORTS, home.ports());
        int port = home.port(role);
        if (port > 0) {
            in.setHeader(ThorConstants.NODE_PORT, port);
        } else {
            in.removeHeader(ThorConstants.NODE_PORT);
        }
    }
}
