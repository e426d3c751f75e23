package org.thor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** {@code thor dns-server} as its own process: the READY line, answers on the port it names, exit with its parent. */
class DnsServerCommandIT {

    @TempDir
    Path dir;

    @Test
    void servesTheMembersFileAndExitsWhenItsParentGoes() throws Exception {
        Path members = Files.writeString(dir.resolve("members.yaml"), """
                members:
                  - {id: node1, address: 127.0.0.11, roles: [sip_proxy, dns], ports: {sip_proxy: 5060}}
                  - {id: node2, address: 127.0.0.12, roles: [sip_proxy], ports: {sip_proxy: 5060}}
                """);
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), ThorCommand.class.getName(),
                "dns-server", "--members", members.toString(), "--zone", "example.com",
                "--listen", "127.0.0.1:0", "--slice", "1", "--exit-with-parent")
                .redirectError(dir.resolve("err.log").toFile()).start();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String ready = in.readLine();
            assertThat(ready).as(Files.readString(dir.resolve("err.log"))).startsWith("READY dns 127.0.0.1:");
            int port = Integer.parseInt(ready.substring(ready.lastIndexOf(':') + 1));
            assertThat(port).isPositive();

            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
            resolver.setTimeout(Duration.ofSeconds(5));
            Message m = resolver.send(Message.newQuery(
                    Record.newRecord(Name.fromString("_sip._udp.example.com."), Type.SRV, DClass.IN)));
            List<Record> answers = m.getSection(Section.ANSWER);
            assertThat(answers).hasSize(1);
            assertThat(answers.get(0).rdataToString()).matches("10 10 5060 node[12]\\.example\\.com\\.");

            p.getOutputStream().close();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("exits when stdin closes").isTrue();
        } finally {
            p.destroyForcibly();
        }
    }
}
