package org.thor.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thor.adapters.role.HealthCheck;
import org.thor.app.ConfigException;

/** thor run's config and role definition files: what they accept, and errors that name file, key and value. */
class RunConfigTest {

    @TempDir
    Path dir;

    @BeforeEach
    void tlsFiles() throws IOException {
        Files.createDirectories(dir.resolve("ca/members"));
        for (String f : new String[] {"ca/ca.crt", "ca/members/node1.crt", "ca/members/node1.key"}) {
            Files.writeString(dir.resolve(f), "x");
        }
        Files.createDirectories(dir.resolve("roles"));
    }

    private Path config(String yaml) throws IOException {
        Path file = dir.resolve("thor.yaml");
        Files.writeString(file, "tls: {caDir: ca, name: node1}\neventServers: [127.0.0.1:8000]\n" + yaml);
        return file;
    }

    @Test
    void readsEveryKey() throws IOException {
        Files.createDirectories(dir.resolve("myroutes"));
        RunConfig c = RunConfig.read(config("""
                node: {address: 10.0.0.1, region: eu}
                services:
                  eventServer: {listen: 127.0.0.1:8000}
                  manager: {}
                  lookup: {listen: 127.0.0.1:0, ratePerClient: 5000, burstPerClient: 50}
                  http: {listen: 127.0.0.1}
                roles: [sip_proxy]
                roleDefinitions: roles
                routes: [myroutes, classpath:routes/sip_proxy.camel.yaml]
                """));
        assertThat(c.eventServer().port()).isEqualTo(8000);
        assertThat(c.manager()).isTrue();
        assertThat(c.lookup().port()).isZero();
        assertThat(c.lookup().ratePerClient()).isEqualTo(5000);
        assertThat(c.lookup().burstPerClient()).isEqualTo(50);
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
        assertThat(c.http().port()).isEqualTo(9501);
        assertThat(c.roles()).containsExactly("sip_proxy");
        assertThat(c.address()).isEqualTo("10.0.0.1");
        assertThat(c.routes()).containsExactly("file:" + dir.resolve("myroutes") + "/*.camel.yaml",
                "classpath:routes/sip_proxy.camel.yaml");
        assertThat(c.tls().certificate()).isEqualTo(dir.resolve("ca/members/node1.crt"));
    }

    @Test
    void anUnknownKeyIsNamedWithItsPath() throws IOException {
        Path file = config("services:\n  lookup: {listen: 127.0.0.1:9500, backlog: 5}\n");
        assertThatThrownBy(() -> RunConfig.read(file)).isInstanceOf(ConfigException.class)
                .hasMessage(file + ": services.lookup.backlog: unknown key");
    }

    @Test
    void theHttpApiAloneIsAMember() throws IOException {
        RunConfig c = RunConfig.read(config("services:\n  http: {listen: '[::1]:0'}\n"));
        assertThat(c.http().port()).isZero();
        Path bad = config("services:\n  http: {listen: 'localhost:http'}\n");
        assertThatThrownBy(() -> RunConfig.read(bad)).hasMessageStartingWith(bad + ": services.http.listen: bad value 'localhost:http'");
    }

    @Test
    void aBadValueIsNamedWithItsKeyAndValue() throws IOException {
        Path file = config("services:\n  lookup: {listen: '127.0.0.1:99999'}\n");
        assertThatThrownBy(() -> RunConfig.read(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": services.lookup.listen: bad value '127.0.0.1:99999'");
    }

    @Test
    void eventServersMayComeFromDns() throws IOException {
        Path file = dir.resolve("dns.yaml");
        Files.writeString(file, "tls: {caDir: ca, name: node1}\neventServerDns: 127.0.0.1:10053\n"
                + "services:\n  lookup: {listen: 127.0.0.1:0}\n");
        RunConfig c = RunConfig.read(file);
        assertThat(c.eventServers()).isEmpty();
        assertThat(c.eventServerDns().port()).isEqualTo(10053);
        Files.writeString(file, "tls: {caDir: ca, name: node1}\nservices:\n  lookup: {listen: 127.0.0.1:0}\n");
        assertThat(RunConfig.read(file).eventServerDns()).as("the system resolver").isNull();

        Path both = config("eventServerDns: 127.0.0.1:10053\nservices:\n  lookup: {listen: 127.0.0.1:0}\n");
        assertThatThrownBy(() -> RunConfig.read(both)).isInstanceOf(ConfigException.class)
                .hasMessage(both + ": eventServerDns: give eventServers or eventServerDns, not both");
        Files.writeString(file, "tls: {caDir: ca, name: node1}\neventServers: []\nservices:\n  lookup: {listen: 127.0.0.1:0}\n");
        assertThatThrownBy(() -> RunConfig.read(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": eventServers: is empty");
    }

    @Test
    void theLookupRateHasDefaultsAndBadValuesAreNamed() throws IOException {
        RunConfig c = RunConfig.read(config("services:\n  lookup: {listen: 127.0.0.1:0}\n"));
        assertThat(c.lookup().ratePerClient()).isEqualTo(100_000);
        assertThat(c.lookup().burstPerClient()).isEqualTo(10_000);
        Path negative = config("services:\n  lookup: {listen: 127.0.0.1:0, ratePerClient: -5}\n");
        assertThatThrownBy(() -> RunConfig.read(negative)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(negative + ": services.lookup.ratePerClient: bad value '-5'");
        Path zeroBurst = config("services:\n  lookup: {listen: 127.0.0.1:0, burstPerClient: 0}\n");
        assertThatThrownBy(() -> RunConfig.read(zeroBurst)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(zeroBurst + ": services.lookup.burstPerClient: bad value '0'");
        Path words = config("services:\n  lookup: {listen: 127.0.0.1:0, ratePerClient: lots}\n");
        assertThatThrownBy(() -> RunConfig.read(words)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("services.lookup.ratePerClient").hasMessageContaining("lots");
    }

    @Test
    void missingPiecesAreNamed() throws IOException {
        Path noRoles = config("roles: [sip_proxy]\n");
        assertThatThrownBy(() -> RunConfig.read(noRoles)).hasMessage(noRoles + ": roleDefinitions: is required to announce roles [sip_proxy]");
        Path nothing = config("");
        assertThatThrownBy(() -> RunConfig.read(nothing)).hasMessageContaining("services: runs nothing");
        Path badRoute = config("roles: [a]\nroleDefinitions: roles\nroutes: [nope]\n");
        assertThatThrownBy(() -> RunConfig.read(badRoute)).hasMessage(badRoute + ": routes[0]: no such file or folder 'nope'");
        Path http = config("services: {http: {}}\n");
        assertThatThrownBy(() -> RunConfig.read(http)).hasMessage(http + ": services.http.listen: is required (HOST:PORT)");
    }

    @Test
    void readsARoleDefinition() throws IOException {
        Path file = dir.resolve("roles/presence_server.yaml");
        Files.writeString(file, """
                name: presence_server
                port: 5062
                dns: {srv: [{service: pres, protocol: tcp}]}
                healthCheck: {type: tcp, port: 5062, intervalMs: 250, rise: 3, fall: 1}
                """);
        RoleDefinitionFiles.Loaded loaded = RoleDefinitionFiles.read(dir.resolve("roles")).get("presence_server");
        assertThat(loaded.definition().port()).isEqualTo(5062);
        assertThat(loaded.definition().ring()).isTrue();
        assertThat(loaded.definition().srv()).hasSize(1);
        HealthCheck check = loaded.definition().healthCheck();
        assertThat(check.type()).isEqualTo(HealthCheck.Type.TCP);
        assertThat(check.host()).isEqualTo("127.0.0.1");
        assertThat(check.interval().toMillis()).isEqualTo(250);
        assertThat(check.rise()).isEqualTo(3);
    }

    @Test
    void roleDefinitionErrorsNameFileKeyAndValue() throws IOException {
        Path file = dir.resolve("roles/r.yaml");
        Files.writeString(file, "name: presence_server\nhealthCheck: {type: tcp, port: 70000}\n");
        assertThatThrownBy(() -> RoleDefinitionFiles.readFile(file))
                .hasMessage(file + ": healthCheck.port: must be 1..65535, got 70000");
        Files.writeString(file, "name: presence_server\nhealthCheck: {type: probe}\n");
        assertThatThrownBy(() -> RoleDefinitionFiles.readFile(file))
                .hasMessage(file + ": healthCheck.probe: must name a HealthProbe bean, got 'null'");
        Files.writeString(file, "name: presence_server\nhealthCheck: {type: probe, probe: amiPing}\n");
        assertThat(RoleDefinitionFiles.readFile(file).definition().healthCheck().probe()).isEqualTo("amiPing");
        Files.writeString(file, "name: presence_server\nhealthCheck: {type: ping, port: 1}\n");
        assertThatThrownBy(() -> RoleDefinitionFiles.readFile(file)).hasMessageStartingWith(file + ": healthCheck.type: bad value 'ping'");
        Files.writeString(file, "name: presence_server\ndns: {srv: [{service: pres, protocol: sctx}]}\n");
        assertThatThrownBy(() -> RoleDefinitionFiles.readFile(file))
                .hasMessage(file + ": dns.srv[0].protocol: must be tcp, udp, tls or sctp, got 'sctx'");
        Files.writeString(file, "name: Presence\n");
        assertThatThrownBy(() -> RoleDefinitionFiles.readFile(file)).hasMessageStartingWith(file + ": name: must be lower case");
        Files.writeString(file, "name: presence_server\nhealthcheck: {type: tcp, port: 1}\n");
        assertThatThrownBy(() -> RoleDefinitionFiles.readFile(file)).hasMessage(file + ": healthcheck: unknown key");
    }

    @Test
    void theShippedRoleDefinitionsAndExamplesRead() {
        assertThat(RoleDefinitionFiles.read(Path.of("..", "config", "roles"))).containsOnlyKeys("sip_proxy",
                "voicemail_server", "media_relay", "xcap_server", "provisioning_server");
        assertThat(RoleDefinitionFiles.read(Path.of("..", "config", "examples", "presence", "roles")))
                .containsOnlyKeys("presence_server");
    }
}
