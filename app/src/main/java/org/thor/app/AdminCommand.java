package org.thor.app;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.thor.overlay.event.Event;
import org.thor.overlay.event.EventClient;
import org.thor.overlay.event.EventClientConfig;
import org.thor.overlay.event.EventListener;
import org.thor.overlay.event.Topics;
import org.thor.overlay.membership.MembershipCodec;
import org.thor.overlay.membership.NetworkStatus;
import org.thor.overlay.tls.CertificateProfile;
import org.thor.overlay.tls.ReloadingTls;
import org.thor.overlay.tls.TlsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code thor admin disable|enable NODE}: takes a flapping node out of the network status, or puts
 * it back, and waits until the active manager's status confirms it. Needs a certificate with the
 * role {@code thor_admin}.
 */
@Command(name = "admin", description = "Disable or enable a node (needs an operator certificate).",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the active manager confirmed", "1:refused", "2:bad arguments", "3:no confirmation in time"})
final class AdminCommand implements Callable<Integer> {

    enum Action { disable, enable }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACTION", description = "disable or enable")
    Action action;

    @Parameters(index = "1", paramLabel = "NODE", description = "The node's id (its certificate name).")
    String node;

    @Mixin
    MemberOptions member;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "How long to wait for the manager's confirmation (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        ReloadingTls tls;
        EventClientConfig config;
        try {
            tls = member.openTls();
        } catch (IllegalArgumentException | TlsException e) {
            spec.commandLine().getErr().println("thor admin: " + e.getMessage());
            return 2;
        }
        try {
            config = EventClientConfig.of(member.eventServers(tls.current().identity().domain()));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("thor admin: " + e.getMessage());
            tls.close();
            return 2;
        }
        if (!tls.current().identity().hasRole(CertificateProfile.ADMIN_ROLE)) {
            spec.commandLine().getErr().println("thor admin: the certificate of " + tls.current().identity().name()
                    + " lacks the role " + CertificateProfile.ADMIN_ROLE);
            tls.close();
            return 2;
        }
        boolean disable = action == Action.disable;
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<String> refused = new AtomicReference<>();
        AtomicReference<NetworkStatus> confirmed = new AtomicReference<>();
        EventClient client = EventClient.start(config, tls, new EventListener() {
            @Override
            public void onEvent(Event event) {
                if (Topics.MEMBERS.equals(event.topic())) {
                    NetworkStatus status = MembershipCodec.status(event.payload());
                    if (status.disabled().contains(node) == disable) {
                        confirmed.set(status);
                        done.countDown();
                    }
                }
            }

            @Override
            public void onRefused(InetSocketAddress server, String reason) {
                refused.set(reason);
                done.countDown();
            }
        });
        try {
            client.subscribe(Topics.MEMBERS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (client.subscribedServers(Topics.MEMBERS) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20); // waiting for a connection, not for another thread's work
            }
            byte[] order = MembershipCodec.admin(new org.thor.overlay.membership.AdminCommand(
                    disable ? org.thor.overlay.membership.AdminCommand.Action.DISABLE
                            : org.thor.overlay.membership.AdminCommand.Action.ENABLE, node));
            if (client.publish(Topics.ADMIN, order).servers() == 0) {
                spec.commandLine().getErr().println("thor admin: no event server reachable");
                return 3;
            }
            done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (refused.get() != null) {
                spec.commandLine().getErr().println("thor admin: refused: " + refused.get());
                return 1;
            }
            if (confirmed.get() == null) {
                spec.commandLine().getErr().println("thor admin: no active manager confirmed within " + timeoutSeconds + " s");
                return 3;
            }
            spec.commandLine().getOut().println(node + " " + action + "d (network status " + confirmed.get().version()
                    + " from " + confirmed.get().activeManager() + ")");
            spec.commandLine().getOut().flush();
            return 0;
        } finally {
            client.close();
            tls.close();
        }
    }
}
