package org.thor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DnsServerCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = ThorCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path members() throws IOException {
        return Files.writeString(dir.resolve("members.yaml"), """
                members:
                  - {id: node1, address: 192.0.2.11, roles: [sip_proxy, dns], ports: {sip_proxy: 5060}}
                  - {id: node2, address: 192.0.2.12, roles: [sip_proxy, thor_eventserver], ports: {sip_proxy: 5060, eventserver: 8000}}
                """);
    }

    @Test
    void printZoneListsTheRecordsTheMembersGive() throws IOException {
        assertThat(run("dns-server", "--members", members().toString(), "--zone", "Example.com", "--ttl", "30",
                "--print-zone")).as(err.toString()).isZero();
        assertThat(out.toString().replaceAll("\t+", " "))
                .startsWith("$ORIGIN example.com.\nexample.com. 30 IN SOA node1.example.com. hostmaster.example.com. ")
                .contains("example.com. 30 IN NS node1.example.com.")
                .contains("_eventserver._tcp.example.com. 30 IN SRV 10 10 8000 node2.example.com.")
                .contains("example.com. 30 IN NAPTR 100 50 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com.")
                .contains("node2.example.com. 30 IN A 192.0.2.12");
    }

    @Test
    void aRoleAddedByFilesIsServedFromItsDefinition() throws IOException {
        Path members = Files.writeString(dir.resolve("pres.yaml"), """
                members:
                  - {id: node1, address: 192.0.2.11, roles: [presence_server, dns], ports: {presence_server: 5062}}
                """);
        Path definitions = Path.of(System.getProperty("user.dir")).getParent().resolve("config/examples/presence/roles");
        assertThat(run("dns-server", "--members", members.toString(), "--zone", "example.com",
                "--role-definitions", definitions.toString(), "--print-zone")).as(err.toString()).isZero();
        assertThat(out.toString().replaceAll("\t+", " "))
                .contains("_pres._tcp.example.com. 15 IN SRV 10 10 5062 node1.example.com.");
        out.getBuffer().setLength(0);
        assertThat(run("dns-server", "--members", members.toString(), "--zone", "example.com", "--print-zone")).isZero();
        assertThat(out.toString()).as("without the definitions there is no such record").doesNotContain("_pres._tcp");
    }

    @Test
    void badSettingsAreExitCode2WithTheReason() throws IOException {
        assertThat(run("dns-server", "--members", members().toString(), "--zone", "example.com", "--slice", "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("thor dns-server: dns slice size must be 1..256, got 0");
        assertThat(run("dns-server", "--members", dir.resolve("none.yaml").toString(), "--zone", "example.com"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("none.yaml: cannot read");
        assertThat(run("dns-server", "--members", members().toString(), "--zone", "example.com",
                "--listen", "127.0.0.1:70000")).isEqualTo(2);
        assertThat(err.toString()).contains("port must be 0..65535, got '70000'");
    }

    @Test
    void liveAndStaticModesExcludeEachOther() throws IOException {
        assertThat(run("dns-server", "--listen", "127.0.0.1:0")).isEqualTo(2);
        assertThat(err.toString()).contains("give either a certificate").contains("one of them");
        assertThat(run("dns-server", "--members", members().toString(), "--zone", "example.com",
                "--ca-dir", dir.toString(), "--name", "dns1", "--listen", "127.0.0.1:0")).isEqualTo(2);
        assertThat(err.toString()).contains("not both");
    }

    @Test
    void aLiveDnsMemberNeedsAStaticEventServerList() {
        assertThat(run("dns-server", "--ca-dir", dir.toString(), "--name", "dns1", "--listen", "127.0.0.1:0")).isEqualTo(2);
        assertThat(err.toString()).contains("give the event servers with --event-servers or --endpoints");
    }
}
