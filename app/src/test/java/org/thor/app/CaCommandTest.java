package org.thor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thor.overlay.tls.CertificateAuthority;
import org.thor.overlay.tls.MemberIdentity;
import org.thor.overlay.tls.PemFiles;
import picocli.CommandLine;

class CaCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int thor(String... args) {
        CommandLine cli = ThorCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void initIssueRevokeAndList() throws Exception {
        String ca = dir.resolve("ca").toString();
        assertThat(thor("ca", "init", "--dir", ca, "--domain", "example.com")).isZero();
        assertThat(thor("ca", "issue", "--dir", ca, "--name", "node1", "--ip", "10.0.0.1", "--dns", "node1.example.com",
                "--roles", "sip_proxy,voicemail_server", "--days", "10")).isZero();
        assertThat(thor("ca", "issue", "--dir", ca, "--name", "mgr", "--ip", "10.0.0.2", "--roles", "thor_manager")).isZero();

        Path certificate = dir.resolve("ca/members/node1.crt");
        MemberIdentity identity = MemberIdentity.of(PemFiles.readCertificate(certificate));
        assertThat(identity.roles()).containsExactlyInAnyOrder("sip_proxy", "voicemail_server");
        assertThat(identity.domain()).isEqualTo("example.com");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca/members/node1.key"))))
                .isEqualTo("rw-------");

        assertThat(thor("ca", "revoke", "--dir", ca, "--name", "node1")).isZero();
        assertThat(PemFiles.readCrl(dir.resolve("ca/crl.pem")).isRevoked(PemFiles.readCertificate(certificate))).isTrue();

        out.getBuffer().setLength(0);
        assertThat(thor("ca", "list", "--dir", ca)).isZero();
        assertThat(out.toString().lines())
                .anySatisfy(line -> assertThat(line).startsWith("node1").contains("revoked", "sip_proxy,voicemail_server",
                        "10.0.0.1,node1.example.com"))
                .anySatisfy(line -> assertThat(line).startsWith("mgr").contains("valid", "thor_manager"));
        assertThat(CertificateAuthority.open(dir.resolve("ca"), Clock.systemUTC()).list()).hasSize(2);
    }

    @Test
    void errorsAreOneLineNamingTheProblem() {
        String ca = dir.resolve("ca").toString();
        assertThat(thor("ca", "issue", "--dir", ca, "--name", "n", "--ip", "10.0.0.1", "--roles", "sip_proxy")).isEqualTo(1);
        assertThat(err.toString()).contains("thor ca issue: " + ca + ": no CA here (ca.properties is missing); run 'thor ca init' first");
        assertThat(thor("ca", "init", "--dir", ca, "--domain", "example.com")).isZero();
        err.getBuffer().setLength(0);
        assertThat(thor("ca", "issue", "--dir", ca, "--name", "n", "--ip", "10.0.0.1", "--roles", "Bad Role")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("thor ca issue: role 'Bad Role' must be lower case letters, digits and '_', "
                + "starting with a letter" + System.lineSeparator());
        assertThat(thor("ca", "init", "--dir", ca, "--domain", "example.com")).isEqualTo(1);
        assertThat(err.toString()).contains("already holds a CA");
    }
}
