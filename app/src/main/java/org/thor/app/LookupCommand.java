package org.thor.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.thor.overlay.lookup.LookupClient;
import org.thor.overlay.lookup.LookupServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code thor lookup ROLE KEY}: asks a lookup service which node is the home of a subscriber. */
@Command(name = "lookup",
        description = "Ask a lookup service which node serves a subscriber for a role.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the home node was printed",
            "1:the service answered an error (e.g. no node online for the role)",
            "2:bad arguments",
            "3:the service could not be reached"
        })
final class LookupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ROLE", description = "Role, e.g. sip_proxy.")
    String role;

    @Parameters(index = "1", paramLabel = "KEY", description = "Subscriber, e.g. alice@example.com or sip:alice@example.com.")
    String key;

    @Option(names = "--server", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9500",
            description = "Lookup service to ask (default: ${DEFAULT-VALUE}).")
    String server;

    @Option(names = "--port", description = "Print HOST:PORT of the role's service instead of the address alone.")
    boolean withPort;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Connect and answer timeout in seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HostPort target;
        try {
            target = HostPort.parse(server, LookupServerConfig.DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            err.println("thor lookup: --server: " + e.getMessage());
            return 2;
        }
        if (role.isBlank() || key.isBlank() || role.chars().anyMatch(Character::isWhitespace)
                || key.chars().anyMatch(c -> c == '\n' || c == '\r')) {
            err.println("thor lookup: ROLE must be one word and KEY one line");
            return 2;
        }
        try (LookupClient client = new LookupClient(target.host(), target.port(), Duration.ofSeconds(timeoutSeconds))) {
            String answer = client.request("lookup " + role + " for " + key.strip() + (withPort ? " with port" : ""));
            if (answer == null) {
                err.println("thor lookup: " + target + " closed the connection without answering");
                return 3;
            }
            if (answer.startsWith("error: ")) {
                err.println("thor lookup: " + answer.substring(7));
                return 1;
            }
            out.println(answer);
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println("thor lookup: cannot reach the lookup service at " + target + ": " + e.getMessage());
            return 3;
        }
    }
}
