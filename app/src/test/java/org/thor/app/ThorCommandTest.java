package org.thor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ThorCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = ThorCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpListsEverySubcommandWithOneLine() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .contains("demo ", "Run a whole network on this host, one process per member.")
                .contains("lookup ", "Ask a lookup service which node serves a subscriber")
                .contains("lookup-server ", "Serve the lookup protocol")
                .contains("dns-server ", "Answer DNS for the Thor domain")
                .contains("run ", "node ", "manager ", "monitor ", "admin ", "ca ", "event-server ");
        String commands = out.toString().substring(out.toString().indexOf("Commands:"));
        assertThat(commands.lines().skip(1)).as("one line per subcommand, none wrapped").allMatch(l -> !l.startsWith("   "));
    }

    @Test
    void anUnknownOptionIsAClearErrorWithExitCode2() {
        assertThat(run("lookup", "--colour", "red", "sip_proxy", "a@b")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--colour'");
    }

    @Test
    void lookupRejectsABadServerAddress() {
        assertThat(run("lookup", "sip_proxy", "alice@example.com", "--server", "host:99999")).isEqualTo(2);
        assertThat(err.toString()).contains("--server: port must be 0..65535, got '99999'");
    }

    @Test
    void demoRejectsABadNodeCount() {
        assertThat(run("demo", "--nodes", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--nodes must be 1..40, got 0");
    }

    @Test
    void inconsistentTimingsAreRefusedNamingTheOptions() {
        assertThat(run("node", "--ca-dir", "nowhere", "--name", "node1", "--event-servers", "127.0.0.1:1",
                "--presence-interval", "1000", "--silence-timeout", "1000")).isEqualTo(2);
        assertThat(err.toString()).contains("--silence-timeout (PT1S) must be at least twice --presence-interval (PT1S)");
    }
}
