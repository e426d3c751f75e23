package org.thor.overlay.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thor.overlay.member.Member;
import org.thor.overlay.ring.RingDirectory;
import org.thor.overlay.ring.RoleRings;

/** The lookup service over a real TCP socket on loopback. */
class LookupServerIT {

    private final RoleRings rings = RoleRings.of(1000, List.of(
            new Member("n1", "10.0.0.1", Set.of("sip_proxy"), Map.of("sip_proxy", 5060)),
            new Member("n2", "10.0.0.2", Set.of("sip_proxy"), Map.of("sip_proxy", 5060)),
            new Member("n3", "10.0.0.3", Set.of("sip_proxy", "voicemail_server"), Map.of("sip_proxy", 5060))));
    private final RingDirectory directory = new RingDirectory(rings);
    private LookupServer server;

    @BeforeEach
    void start() {
        server = LookupServer.start(LookupServerConfig.defaults().withAddress("127.0.0.1", 0), directory);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.localAddress().getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    @Test
    void aClientOverItsRateIsSlowedNotRefusedAndOtherClientsAreNot() throws IOException {
        server.close();
        server = LookupServer.start(LookupServerConfig.defaults().withAddress("0.0.0.0", 0).withRatePerClient(200, 20),
                directory);
        int port = server.localAddress().getPort();
        // two connections from 127.0.0.1 share one rate: 150 lines, far over the burst of 20
        try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port)) {
            a.setSoTimeout(10_000);
            b.setSoTimeout(10_000);
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 75; i++) {
                lines.append("lookup sip_proxy for user").append(i).append("@example.com with port\n");
            }
            a.getOutputStream().write(lines.toString().getBytes(StandardCharsets.UTF_8));
            b.getOutputStream().write(lines.toString().getBytes(StandardCharsets.UTF_8));
            BufferedReader ra = reader(a);
            BufferedReader rb = reader(b);
            for (int i = 0; i < 75; i++) {
                String expected = rings.lookup("sip_proxy", "user" + i + "@example.com").address() + ":5060";
                assertThat(ra.readLine()).as("line %d on the first connection", i).isEqualTo(expected);
                assertThat(rb.readLine()).as("line %d on the second connection", i).isEqualTo(expected);
            }
            long slowed = server.throttledLines();
            assertThat(slowed).as("lines that waited for the shared rate").isGreaterThanOrEqualTo(150 - 20 - 10);

            // another client address has a rate of its own: its burst is served without waiting
            try (Socket other = new Socket()) {
                other.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
                other.connect(new java.net.InetSocketAddress("127.0.0.1", port));
                other.setSoTimeout(10_000);
                other.getOutputStream().write("nodes sip_proxy\nnodes sip_proxy\nnodes sip_proxy\n".getBytes(StandardCharsets.UTF_8));
                BufferedReader ro = reader(other);
                for (int i = 0; i < 3; i++) {
                    assertThat(ro.readLine()).isEqualTo("10.0.0.1 10.0.0.2 10.0.0.3");
                }
            }
            assertThat(server.throttledLines()).isEqualTo(slowed);
        }
    }

    @Test
    void aRateIsCheckedAtStart() {
        assertThatThrownBy(() -> LookupServerConfig.defaults().withRatePerClient(-1, 10))
                .hasMessageContaining("rate per client must be 0 (no limit)");
        assertThatThrownBy(() -> LookupServerConfig.defaults().withRatePerClient(100, 0))
                .hasMessageContaining("burst per client must be at least 1");
    }

    @Test
    void answersLookupAndIsOnline() throws IOException {
        try (LookupClient client = new LookupClient("127.0.0.1", server.localAddress().getPort(), Duration.ofSeconds(5))) {
            assertThat(client.lookup("sip_proxy", "alice@example.com"))
                    .isEqualTo(rings.lookup("sip_proxy", "alice@example.com").address());
            assertThat(client.request("is_online 10.0.0.3 as voicemail_server")).isEqualTo("Yes");
            assertThat(client.request("is_online 10.0.0.1 as voicemail_server")).isEqualTo("No");
            assertThat(client.request("lookup voicemail_server for bob@example.com with port"))
                    .isEqualTo("error: node n3 publishes no port for role voicemail_server");
            assertThat(client.request("help")).isEqualTo(LookupProtocol.HELP);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        int count = 5000;
        StringBuilder requests = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = "user" + i + "@example.com";
            if (i % 7 == 3) {
                requests.append("bogus ").append(i).append('\n');
                expected.add("error: unknown command 'bogus' (try 'help')");
            } else if (i % 5 == 1) {
                requests.append("is_online 10.0.0.").append(i % 4).append(" as sip_proxy\r\n");
                expected.add(i % 4 == 0 ? "No" : "Yes");
            } else {
                requests.append("lookup sip_proxy for ").append(key).append(" with port\n");
                expected.add(rings.lookup("sip_proxy", key).address() + ":5060");
            }
        }
        try (Socket socket = connect()) {
            socket.getOutputStream().write(requests.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            BufferedReader in = reader(socket);
            for (int i = 0; i < count; i++) {
                assertThat(in.readLine()).as("answer %d", i).isEqualTo(expected.get(i));
            }
        }
    }

    @Test
    void badInputGetsOneErrorLineAndTheConnectionStaysUsable() throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = reader(socket);
            out.write("launch sip_proxy\n".getBytes(StandardCharsets.US_ASCII));
            out.write("lookup sip_proxy for\n".getBytes(StandardCharsets.US_ASCII));
            out.write("is_online\n".getBytes(StandardCharsets.US_ASCII));
            out.write(("lookup sip_proxy for " + "a".repeat(3000) + "@example.com\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {'l', 'o', 'o', 'k', (byte) 0xff, (byte) 0xfe, '\n'});
            out.write(new byte[] {'h', 'e', 'l', 'p', 0x07, '\n'});
            out.write("lookup sip_proxy for sip:carol@Example.COM\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).isEqualTo("error: unknown command 'launch' (try 'help')");
            assertThat(in.readLine()).isEqualTo("error: usage: lookup <role> for <user@domain> [with port]");
            assertThat(in.readLine()).isEqualTo("error: usage: is_online <address> as <role>");
            assertThat(in.readLine()).isEqualTo("error: line longer than 1024 bytes");
            assertThat(in.readLine()).isEqualTo("error: line is not valid UTF-8");
            assertThat(in.readLine()).isEqualTo("error: control character in line");
            assertThat(in.readLine()).isEqualTo(rings.lookup("sip_proxy", "carol@example.com").address());
        }
    }

    @Test
    void anEndlessLineIsCutOffAndTheServerKeepsServing() throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 64; i++) { // 4 MiB without a line end
                out.write(chunk);
            }
            out.write("\nis_online 10.0.0.1 as sip_proxy\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = reader(socket);
            assertThat(in.readLine()).isEqualTo("error: line longer than 1024 bytes");
            assertThat(in.readLine()).isEqualTo("Yes");
        }
    }

    @Test
    void garbageFromManyClientsDoesNotHurtTheServer() throws IOException {
        Random random = new Random(3);
        for (int c = 0; c < 50; c++) {
            try (Socket socket = connect()) {
                byte[] junk = new byte[1 + random.nextInt(8192)];
                random.nextBytes(junk);
                socket.getOutputStream().write(junk);
                socket.shutdownOutput();
                InputStream in = socket.getInputStream();
                while (in.read() >= 0) {
                    // drain the error lines until the server closes
                }
            } catch (IOException reset) {
                // the server may reset a connection it is closing; the point is what follows
            }
        }
        try (LookupClient client = new LookupClient("127.0.0.1", server.localAddress().getPort(), Duration.ofSeconds(5))) {
            assertThat(client.request("is_online 10.0.0.2 as sip_proxy")).isEqualTo("Yes");
        }
    }

    @Test
    void quitClosesTheConnectionAfterEarlierAnswers() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("is_online 10.0.0.1 as sip_proxy\nquit\nhelp\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = reader(socket);
            assertThat(in.readLine()).isEqualTo("Yes");
            assertThat(in.readLine()).isNull();
        }
    }

    @Test
    void connectionsBeyondTheLimitAreRefusedWithAnError() throws IOException {
        server.close();
        server = LookupServer.start(LookupServerConfig.defaults().withAddress("127.0.0.1", 0).withMaxConnections(2), directory);
        try (Socket first = connect(); Socket second = connect()) {
            assertThat(new LookupClientOn(first).ask("is_online 10.0.0.1 as sip_proxy")).isEqualTo("Yes");
            assertThat(new LookupClientOn(second).ask("is_online 10.0.0.1 as sip_proxy")).isEqualTo("Yes");
            try (Socket third = connect()) {
                BufferedReader in = reader(third);
                assertThat(in.readLine()).isEqualTo("error: too many connections (limit 2)");
                assertThat(in.readLine()).isNull();
            }
            first.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() <= 1);
            try (Socket fourth = connect()) {
                assertThat(new LookupClientOn(fourth).ask("is_online 10.0.0.2 as sip_proxy")).isEqualTo("Yes");
            }
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws IOException {
        server.close();
        server = LookupServer.start(LookupServerConfig.defaults().withAddress("127.0.0.1", 0)
                .withIdleTimeout(Duration.ofMillis(300)), directory);
        try (Socket socket = connect()) {
            assertThat(new LookupClientOn(socket).ask("is_online 10.0.0.1 as sip_proxy")).isEqualTo("Yes");
            assertThat(socket.getInputStream().read()).as("server closed the idle connection").isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 0);
    }

    @Test
    void answersFollowANewSnapshot() throws IOException {
        try (LookupClient client = new LookupClient("127.0.0.1", server.localAddress().getPort(), Duration.ofSeconds(5))) {
            assertThat(client.lookup("media_relay", "alice@example.com")).isEqualTo("error: no node is online for role media_relay");
            directory.publish(RoleRings.of(1000, List.of(new Member("m", "10.0.0.9", Set.of("media_relay")))));
            assertThat(client.lookup("media_relay", "alice@example.com")).isEqualTo("10.0.0.9");
        }
    }

    @Test
    void aTakenPortIsAClearError() {
        int port = server.localAddress().getPort();
        assertThatThrownBy(() -> LookupServer.start(LookupServerConfig.defaults().withAddress("127.0.0.1", port), directory))
                .isInstanceOf(LookupServer.LookupServerException.class)
                .hasMessageStartingWith("cannot listen for lookups on 127.0.0.1:" + port);
    }

    /** One request on an already open socket. */
    private record LookupClientOn(Socket socket) {
        String ask(String line) throws IOException {
            socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            StringBuilder answer = new StringBuilder();
            int c;
            while ((c = socket.getInputStream().read()) >= 0 && c != '\n') {
                answer.append((char) c);
            }
            return answer.toString();
        }
    }
}
