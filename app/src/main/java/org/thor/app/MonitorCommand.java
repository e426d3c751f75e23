package org.thor.app;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.thor.overlay.event.Event;
import org.thor.overlay.event.EventClient;
import org.thor.overlay.event.EventClientConfig;
import org.thor.overlay.event.EventListener;
import org.thor.overlay.event.Topics;
import org.thor.overlay.tls.ReloadingTls;
import org.thor.overlay.tls.TlsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code thor monitor}: a live terminal view of members, roles, the active manager, event servers and events. */
@Command(name = "monitor", description = "Watch members, roles, managers and events live.",
        mixinStandardHelpOptions = true)
final class MonitorCommand implements Callable<Integer> {

    private static final List<String> TOPICS = List.of(Topics.MEMBERS, Topics.PRESENCE, Topics.LEAVE,
            Topics.CONNECTIVITY, Topics.ADMIN);

    @Spec
    CommandSpec spec;

    @Mixin
    MemberOptions member;

    @Option(names = "--once", description = "Print one view once the network status and every event server's report arrived, then exit.")
    boolean once;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "With --once: how long to wait for the status (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        ReloadingTls tls;
        EventClientConfig config;
        int servers;
        try {
            tls = member.openTls();
        } catch (IllegalArgumentException | TlsException e) {
            spec.commandLine().getErr().println("thor monitor: " + e.getMessage());
            return 2;
        }
        try {
            config = EventClientConfig.of(member.eventServers(tls.current().identity().domain()));
            servers = config.servers().size();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("thor monitor: " + e.getMessage());
            tls.close();
            return 2;
        }
        NetworkMonitorView view = new NetworkMonitorView();
        CountDownLatch firstStatus = new CountDownLatch(1);
        Object changed = new Object();
        EventClient client = EventClient.start(config, tls, new EventListener() {
            @Override
            public void onEvent(Event event) {
                if (view.onEvent(event, now())) {
                    if (view.hasStatus() && view.eventServersReporting() >= servers) {
                        firstStatus.countDown();
                    }
                    synchronized (changed) {
                        changed.notifyAll();
                    }
                }
            }
        });
        TOPICS.forEach(client::subscribe);
        PrintWriter out = spec.commandLine().getOut();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            client.close();
            tls.close();
        }, "thor-shutdown"));
        if (once) {
            boolean got = firstStatus.await(timeoutSeconds, TimeUnit.SECONDS);
            out.print(view.render(now()));
            out.flush();
            return got ? 0 : 3;
        }
        long shown = -1;
        while (true) {
            synchronized (changed) {
                if (view.version() == shown) {
                    changed.wait(1000);
                }
            }
            shown = view.version();
            out.print("\033[H\033[2J");
            out.print(view.render(now()));
            out.flush();
            Thread.sleep(100); // at most ten repaints a second
        }
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }
}
