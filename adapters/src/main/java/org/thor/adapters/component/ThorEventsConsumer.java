package org.thor.adapters.component;

import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.thor.overlay.event.Event;

/**
 * {@code thor:events?topic=T}: an exchange per event of topic T, once however many event servers
 * delivered it. The body is the payload as text (the Thor topics carry JSON); headers
 * {@code ThorTopic}, {@code ThorPublisher} and {@code ThorSequence} say where it came from. Events
 * are processed in order on the consumer's own thread.
 */
final class ThorEventsConsumer extends DefaultConsumer {

    private final ThorEndpoint endpoint;
    private ExecutorService executor;
    private ThorOverlay.Subscription subscription;

    ThorEventsConsumer(ThorEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        executor = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "thor-events-" + endpoint.topic());
        subscription = endpoint.overlay().onEvent(endpoint.topic(), event -> executor.execute(() -> onEvent(event)));
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

    private void onEvent(Event event) {
        Exchange exchange = createExchange(false);
        try {
            var message = exchange.getMessage();
            message.setHeader(ThorConstants.TOPIC, event.topic());
            message.setHeader(ThorConstants.PUBLISHER, event.id().publisher());
            message.setHeader(ThorConstants.SEQUENCE, event.id().sequence());
            message.setBody(event.payloadText());
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("thor:events failed on " + event, exchange, exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }
}
