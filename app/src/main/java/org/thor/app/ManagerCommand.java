package org.thor.app;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.thor.overlay.agent.ManagerAgent;
import org.thor.overlay.agent.MemberAgent;
import org.thor.overlay.member.Member;
import org.thor.overlay.tls.CertificateProfile;
import org.thor.overlay.tls.MemberIdentity;
import org.thor.overlay.tls.ReloadingTls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code thor manager}: a thor-manager; one of the running managers is elected to publish the network status. */
@Command(name = "manager", description = "Run a thor-manager: decides and publishes who is online.",
        mixinStandardHelpOptions = true)
final class ManagerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    MemberOptions member;

    @Mixin
    MembershipTimingOptions timing;

    @Option(names = "--region", paramLabel = "NAME", defaultValue = "", description = "Region or data center to announce.")
    String region;

    @Option(names = "--exit-with-parent", hidden = true)
    boolean exitWithParent;

    @Override
    public Integer call() throws InterruptedException {
        MemberOptions.Joining joining = member.join("manager", spec.commandLine().getErr(), timing, region);
        if (joining == null) {
            return 2;
        }
        ReloadingTls tls = joining.tls();
        MemberAgent.MemberAgentConfig config = joining.config();
        MemberIdentity identity = tls.current().identity();
        if (!identity.hasRole(CertificateProfile.MANAGER_ROLE)) {
            spec.commandLine().getErr().println("thor manager: the certificate of " + identity.name()
                    + " lacks the role " + CertificateProfile.MANAGER_ROLE);
            tls.close();
            return 2;
        }
        Member self = new Member(identity.name(), identity.ipAddresses().get(0),
                new LinkedHashSet<>(List.of(CertificateProfile.MANAGER_ROLE)), Map.of());
        ManagerAgent agent = ManagerAgent.start(self, config, tls);
        return ServiceProcess.serveUntilStopped("READY manager " + identity.name(), exitWithParent, () -> {
            agent.close();
            tls.close();
        });
    }
}
