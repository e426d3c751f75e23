package org.thor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thor.overlay.event.Event;
import org.thor.overlay.event.EventClient;
import org.thor.overlay.event.EventClientConfig;
import org.thor.overlay.member.Member;
import org.thor.overlay.membership.MembershipCodec;
import org.thor.overlay.membership.Presence;
import org.thor.overlay.event.Topics;
import org.thor.overlay.tls.ReloadingTls;
import org.thor.overlay.tls.TestPki;

/** {@code thor event-server} from the packaged jar, with files made by {@code thor ca}. */
class EventServerCommandIT {

    @TempDir
    Path dir;

    @Test
    void servesMembersWithFilesFromThorCa() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("ca"));
        pki.issue("node1", "sip_proxy");
        try (EventServerProcess server = EventServerProcess.start(pki.issue("events1", "thor_eventserver"), 0,
                dir.resolve("events1.log"));
             ReloadingTls tls = pki.tls("node1")) {
            List<Event> events = new CopyOnWriteArrayList<>();
            try (EventClient client = EventClient.start(
                    EventClientConfig.of(List.of(new InetSocketAddress("127.0.0.1", server.port()))), tls, events::add)) {
                client.subscribe(Topics.PRESENCE);
                await().atMost(Duration.ofSeconds(30)).until(() -> client.subscribedServers(Topics.PRESENCE) == 1);
                client.publish(Topics.PRESENCE, MembershipCodec.presence(new Presence(new Member("node1", "127.0.0.1", java.util.Set.of("sip_proxy")), "", "", java.util.Map.of(), 1, 1)));
                await().atMost(Duration.ofSeconds(30)).until(() -> events.size() == 1);
            }
        }
    }

    @Test
    void refusesToStartWithACertificateWithoutTheEventServerRole() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("ca"));
        var files = pki.issue("node1", "sip_proxy");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                EventServerProcess.thorJar().toString(), "event-server", "--cert", files.certificate().toString(),
                "--key", files.privateKey().toString(), "--ca", files.caCertificate().toString(), "--listen", "127.0.0.1:0")
                .redirectError(dir.resolve("err.txt").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("err.txt")))
                .contains("thor event-server: " + files.certificate() + ": the certificate of node1 lacks the role thor_eventserver");
    }
}
