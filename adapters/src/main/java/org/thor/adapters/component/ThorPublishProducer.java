package org.thor.adapters.component;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code thor:publish?topic=T}: publishes the body (as bytes; text as UTF-8) on topic T through
 * every connected event server. Fails when no event server took it, so the route's error handling
 * sees a lost event.
 */
final class ThorPublishProducer extends DefaultProducer {

    private final ThorEndpoint endpoint;

    ThorPublishProducer(ThorEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        byte[] payload = in.getMandatoryBody(byte[].class);
        ThorOverlay.Published sent = endpoint.overlay().publish(endpoint.topic(), payload);
        if (sent.servers() == 0) {
            throw new IllegalStateException("thor:publish on " + endpoint.topic() + ": no event server is connected");
        }
        in.setHeader(ThorConstants.TOPIC, endpoint.topic());
        in.setHeader(ThorConstants.PUBLISHER, sent.event().id().publisher());
        in.setHeader(ThorConstants.SEQUENCE, sent.event().id().sequence());
        in.setHeader(ThorConstants.SERVERS, sent.servers());
    }
}
