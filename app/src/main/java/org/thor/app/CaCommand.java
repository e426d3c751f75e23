package org.thor.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.thor.overlay.tls.CertificateAuthority;
import org.thor.overlay.tls.CertificateAuthorityException;
import org.thor.overlay.tls.IssuedCertificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code thor ca}: the service provider's CA. Creates the CA, issues member certificates that carry
 * the network domain and the member's roles, revokes them (CRL) and lists them. The layout of the
 * directory is described in {@link CertificateAuthority} and docs/pki-and-events.md.
 */
@Command(name = "ca",
        description = "The certificate authority: init, issue, revoke, list, crl.",
        mixinStandardHelpOptions = true,
        subcommands = {CaCommand.Init.class, CaCommand.Issue.class, CaCommand.Revoke.class, CaCommand.ListCertificates.class,
            CaCommand.Crl.class})
final class CaCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs {@code action}, turning a CA or argument error into one line on stderr and exit code 1 or 2. */
    static int guarded(CommandSpec spec, Callable<Integer> action) {
        try {
            return action.call();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("thor ca " + spec.name() + ": " + e.getMessage());
            return 2;
        } catch (CertificateAuthorityException e) {
            spec.commandLine().getErr().println("thor ca " + spec.name() + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            spec.commandLine().getErr().println("thor ca " + spec.name() + ": " + e);
            return 1;
        }
    }

    @Command(name = "init", description = "Create the CA key, certificate and an empty CRL in DIR.", mixinStandardHelpOptions = true)
    static final class Init implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "CA directory (created).")
        Path dir;

        @Option(names = "--domain", required = true, paramLabel = "DOMAIN", description = "The network domain, e.g. example.com.")
        String domain;

        @Override
        public Integer call() {
            return guarded(spec, () -> {
                CertificateAuthority ca = CertificateAuthority.init(dir, domain, Clock.systemUTC());
                spec.commandLine().getOut().println("created CA for " + ca.domain() + " in " + dir
                        + " (ca.crt, ca.key, crl.pem)");
                return 0;
            });
        }
    }

    @Command(name = "issue", description = "Issue a member certificate (server and client use) carrying its roles.",
            mixinStandardHelpOptions = true)
    static final class Issue implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "CA directory.")
        Path dir;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Member name (certificate CN).")
        String name;

        @Option(names = "--ip", required = true, split = ",", paramLabel = "IP", description = "Member IP address(es).")
        List<String> ips;

        @Option(names = "--dns", split = ",", paramLabel = "NAME", description = "DNS name(s) for the member.")
        List<String> dnsNames = List.of();

        @Option(names = "--roles", required = true, split = ",", paramLabel = "ROLE",
                description = "Roles the member may announce, e.g. sip_proxy,voicemail_server; thor_manager, "
                        + "thor_eventserver and thor_database for those services.")
        List<String> roles;

        @Option(names = "--days", defaultValue = "365", paramLabel = "N", description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--renew", description = "Issue even if NAME still has a valid certificate.")
        boolean renew;

        @Override
        public Integer call() {
            return guarded(spec, () -> {
                CertificateAuthority ca = CertificateAuthority.open(dir, Clock.systemUTC());
                IssuedCertificate issued = ca.issue(name, ips, dnsNames, new LinkedHashSet<>(roles), days, renew);
                PrintWriter out = spec.commandLine().getOut();
                out.println("issued " + issued.name() + " serial " + issued.serial().toString(16) + " roles "
                        + String.join(",", issued.roles()) + " until " + issued.notAfter());
                out.println("certificate " + ca.certificateFile(name));
                out.println("key         " + ca.keyFile(name));
                return 0;
            });
        }
    }

    @Command(name = "revoke", description = "Revoke every certificate of NAME and re-sign the CRL.", mixinStandardHelpOptions = true)
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "CA directory.")
        Path dir;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Member name.")
        String name;

        @Override
        public Integer call() {
            return guarded(spec, () -> {
                CertificateAuthority ca = CertificateAuthority.open(dir, Clock.systemUTC());
                for (IssuedCertificate revoked : ca.revoke(name)) {
                    spec.commandLine().getOut().println("revoked " + revoked.name() + " serial " + revoked.serial().toString(16));
                }
                spec.commandLine().getOut().println("CRL written to " + ca.crlFile()
                        + "; copy it to the members (they reload it without restart)");
                return 0;
            });
        }
    }

    @Command(name = "list", description = "List the certificates issued.", mixinStandardHelpOptions = true)
    static final class ListCertificates implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "CA directory.")
        Path dir;

        @Override
        public Integer call() {
            return guarded(spec, () -> {
                CertificateAuthority ca = CertificateAuthority.open(dir, Clock.systemUTC());
                PrintWriter out = spec.commandLine().getOut();
                Instant now = Instant.now();
                out.printf("%-20s %-8s %-32s %-20s %-30s %s%n", "NAME", "STATUS", "SERIAL", "NOT_AFTER", "ROLES", "ADDRESSES");
                for (IssuedCertificate c : ca.list()) {
                    out.printf("%-20s %-8s %-32s %-20s %-30s %s%n", c.name(), c.status(now), c.serial().toString(16),
                            c.notAfter().toString(), String.join(",", c.roles()), String.join(",", c.addresses()));
                }
                return 0;
            });
        }
    }

    @Command(name = "crl", description = "Re-sign the CRL (do so before its next update date, one year after signing).",
            mixinStandardHelpOptions = true)
    static final class Crl implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "CA directory.")
        Path dir;

        @Override
        public Integer call() {
            return guarded(spec, () -> {
                CertificateAuthority ca = CertificateAuthority.open(dir, Clock.systemUTC());
                ca.refreshCrl();
                spec.commandLine().getOut().println("CRL re-signed: " + ca.crlFile());
                return 0;
            });
        }
    }
}
