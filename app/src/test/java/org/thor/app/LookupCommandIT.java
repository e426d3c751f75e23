package org.thor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.thor.overlay.lookup.LookupServer;
import org.thor.overlay.lookup.LookupServerConfig;
import org.thor.overlay.member.Member;
import org.thor.overlay.ring.RingDirectory;
import org.thor.overlay.ring.RoleRings;
import picocli.CommandLine;

/** {@code thor lookup} against a real lookup service on loopback. */
class LookupCommandIT {

    private final RoleRings rings = RoleRings.of(1000, List.of(
            new Member("a", "10.0.0.1", Set.of("sip_proxy"), Map.of("sip_proxy", 5060)),
            new Member("b", "10.0.0.2", Set.of("sip_proxy"), Map.of("sip_proxy", 5062))));
    private final LookupServer server = LookupServer.start(
            LookupServerConfig.defaults().withAddress("127.0.0.1", 0), new RingDirectory(rings));
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        server.close();
    }

    private int run(String... args) {
        CommandLine cli = ThorCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String serverArg() {
        return "127.0.0.1:" + server.localAddress().getPort();
    }

    @Test
    void printsTheHomeNode() {
        assertThat(run("lookup", "sip_proxy", "sip:Alice@Example.com", "--server", serverArg())).isZero();
        assertThat(out.toString().strip()).isEqualTo(rings.lookup("sip_proxy", "Alice@example.com").address());
    }

    @Test
    void printsHostAndPortOnRequest() {
        assertThat(run("lookup", "sip_proxy", "bob@example.com", "--port", "--server", serverArg())).isZero();
        Member home = rings.lookup("sip_proxy", "bob@example.com");
        assertThat(out.toString().strip()).isEqualTo(home.address() + ":" + home.port("sip_proxy"));
    }

    @Test
    void anErrorAnswerExitsWith1() {
        assertThat(run("lookup", "media_relay", "bob@example.com", "--server", serverArg())).isEqualTo(1);
        assertThat(err.toString()).contains("thor lookup: no node is online for role media_relay");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnreachableServiceExitsWith3() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertThat(run("lookup", "sip_proxy", "bob@example.com", "--server", "127.0.0.1:" + closedPort)).isEqualTo(3);
        assertThat(err.toString()).contains("cannot reach the lookup service at 127.0.0.1:" + closedPort);
    }
}
