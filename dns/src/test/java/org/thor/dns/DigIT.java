package org.thor.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * thor-dns as an operator sees it through {@code dig} (Debian package dnsutils, which ./run-tests
 * installs). Fails, not skips, when dig is missing.
 */
class DigIT {

    private final ZoneDirectory directory = new ZoneDirectory(TestZones.zone(TestZones.mixed()));
    private DnsServer server;

    @BeforeAll
    static void digIsInstalled() {
        boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "dig")));
        assertThat(found).as("dig is not installed: apt-get install dnsutils (./run-tests installs it)").isTrue();
    }

    @BeforeEach
    void start() {
        server = DnsServer.start(DnsServerConfig.defaults().withAddress("127.0.0.1", 0), directory);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String dig(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p",
                String.valueOf(server.localAddress().getPort()), "+time=3", "+tries=1"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("dig finished").isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    private List<String> short_(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("+short");
        return dig(all.toArray(String[]::new)).lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void eachRecordType() throws Exception {
        assertThat(short_("example.com", "SOA")).singleElement().asString()
                .startsWith("ns1.example.com. hostmaster.example.com. ").endsWith(" 3600 600 604800 15");
        assertThat(short_("example.com", "NS")).containsExactlyInAnyOrder("ns1.example.com.", "ns2.example.com.");
        assertThat(short_("p3.example.com", "A")).containsExactly("192.0.2.3");
        assertThat(short_("ns2.example.com", "AAAA")).containsExactly("2001:db8::53");
        assertThat(short_("_eventserver._tcp.example.com", "SRV"))
                .containsExactlyInAnyOrder("10 10 8000 ev1.example.com.", "10 10 8001 ev2.example.com.");
        assertThat(short_("example.com", "NAPTR")).containsExactly(
                "50 50 \"S\" \"SIPS+D2T\" \"\" _sips._tcp.example.com.",
                "90 50 \"S\" \"SIP+D2T\" \"\" _sip._tcp.example.com.",
                "100 50 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com.");
    }

    @Test
    void anSrvAnswerIsAuthoritativeWithTtlAndAdditionalAddresses() throws Exception {
        String out = dig("_sip._udp.example.com", "SRV", "+norec");
        assertThat(out).contains("status: NOERROR", "flags: qr aa;", "ANSWER: 4,", "ADDITIONAL: 5")
                .containsPattern("_sip\\._udp\\.example\\.com\\.\\s+15\\s+IN\\s+SRV\\s+10 10 5060 p1\\.example\\.com\\.")
                .containsPattern("p1\\.example\\.com\\.\\s+15\\s+IN\\s+A\\s+192\\.0\\.2\\.1")
                .contains("; EDNS: version: 0, flags:; udp: 1232");
    }

    @Test
    void theSliceHoldsAtMostKNodes() throws Exception {
        directory.publish(TestZones.zone(TestZones.sipProxies(12), 5));
        assertThat(short_("_sip._tcp.example.com", "SRV")).hasSize(5);
        assertThat(short_("example.com", "A")).hasSize(5);
    }

    @Test
    void nxdomainNodataAndRefused() throws Exception {
        assertThat(dig("nobody.example.com", "A")).contains("status: NXDOMAIN", "AUTHORITY: 1")
                .containsPattern("example\\.com\\.\\s+15\\s+IN\\s+SOA");
        assertThat(dig("p1.example.com", "MX")).contains("status: NOERROR", "ANSWER: 0,", "AUTHORITY: 1");
        assertThat(dig("example.org", "A")).contains("status: REFUSED");
    }

    @Test
    void aTruncatedAnswerIsRetriedOverTcp() throws Exception {
        directory.publish(TestZones.zone(TestZones.sipProxies(40), 40));
        assertThat(dig("_sip._udp.example.com", "SRV", "+norec", "+ignore", "+noedns"))
                .contains("flags: qr aa tc;", "ANSWER: 0,");
        assertThat(dig("_sip._udp.example.com", "SRV", "+noedns"))
                .contains("Truncated, retrying in TCP mode", "ANSWER: 40,", "(TCP)");
    }
}
