package org.thor.app.run;

import java.util.concurrent.Callable;
import org.apache.camel.support.service.ServiceSupport;

/**
 * One of the overlay's plain-Java services (event server, member agent, lookup service, health
 * monitor) as a Camel service, so it starts and stops with the CamelContext of {@code thor run}.
 */
final class LifecycleService<T extends AutoCloseable> extends ServiceSupport {

    private final String name;
    private final Callable<T> starter;
    private volatile T running;

    LifecycleService(String name, Callable<T> starter) {
        this.name = name;
        this.starter = starter;
    }

    @Override
    protected void doStart() throws Exception {
        running = starter.call();
    }

    @Override
    protected void doStop() throws Exception {
        T service = running;
        running = null;
        if (service != null) {
            service.close();
        }
    }

    /** The running service, or null when stopped. */
    T get() {
        return running;
    }

    @Override
    public String toString() {
        return "thor " + name;
    }
}
