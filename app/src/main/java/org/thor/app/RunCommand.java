package org.thor.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.thor.app.run.RunConfig;
import org.thor.app.run.ThorRuntime;
import org.thor.overlay.tls.TlsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code thor run CONFIG.yaml}: one Camel application running what the file lists (event server,
 * manager, lookup service, roles with their health checks and routes). Prints
 * {@code READY run NAME ...} once everything runs; exit code 2 for a config that cannot be used.
 */
@Command(name = "run", description = "Run the services and roles a config file lists (one Camel app).",
        mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG.yaml", description = "The file to run (see docs/camel.md).")
    Path config;

    @Option(names = "--check", description = "Read and check the config, then exit without starting anything.")
    boolean checkOnly;

    @Option(names = "--exit-with-parent", hidden = true)
    boolean exitWithParent;

    @Override
    public Integer call() throws Exception {
        RunConfig parsed;
        try {
            parsed = RunConfig.read(config);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("thor run: " + e.getMessage());
            return 2;
        }
        if (checkOnly) {
            spec.commandLine().getOut().println("OK " + config);
            return 0;
        }
        ThorRuntime runtime;
        try {
            runtime = ThorRuntime.start(parsed);
        } catch (ConfigException | TlsException e) {
            spec.commandLine().getErr().println("thor run: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "thor-shutdown"));
        StringBuilder ready = new StringBuilder("READY run ").append(runtime.name());
        if (runtime.eventServerAddress() != null) {
            ready.append(" eventserver=").append(parsed.eventServer().host()).append(':')
                    .append(runtime.eventServerAddress().getPort());
        }
        if (runtime.lookupAddress() != null) {
            ready.append(" lookup=").append(parsed.lookup().host()).append(':').append(runtime.lookupAddress().getPort());
        }
        if (runtime.httpAddress() != null) {
            ready.append(" http=").append(new HostPort(parsed.http().host(), runtime.httpAddress().getPort()));
        }
        if (runtime.dnsAddress() != null) {
            ready.append(" dns=").append(new HostPort(parsed.dns().host(), runtime.dnsAddress().getPort()));
        }
        System.out.println(ready);
        System.out.flush();
        if (exitWithParent) {
            ParentWatch.exitWhenStdinCloses();
        }
        stopped.await();
        return 0;
    }
}
