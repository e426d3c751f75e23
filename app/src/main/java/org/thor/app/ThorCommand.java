package org.thor.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code thor} command: one runnable with a subcommand per job. */
@Command(name = "thor",
        mixinStandardHelpOptions = true,
        versionProvider = ThorVersion.class,
        description = "Thor: a self-organizing peer-to-peer overlay for SIP services.",
        subcommands = {
            AdminCommand.class,
            CaCommand.class,
            DemoCommand.class,
            DnsServerCommand.class,
            EventServerCommand.class,
            LookupCommand.class,
            LookupServerCommand.class,
            ManagerCommand.class,
            MonitorCommand.class,
            NodeCommand.class,
            RunCommand.class,
            CommandLine.HelpCommand.class
        })
public final class ThorCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with Thor's error handling: a bad option prints one clear line and the usage. */
    static CommandLine commandLine() {
        return new CommandLine(new ThorCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpAutoWidth(true);
    }
}
