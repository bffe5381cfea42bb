package io.profilestream.localstack;

import io.profilestream.localstack.bench.BenchCommand;
import io.profilestream.localstack.fuzz.FuzzCommand;
import io.profilestream.localstack.chaos.ChaosCommand;
import io.profilestream.cli.CliConventions;
import io.profilestream.localstack.fleet.Versions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/**
 * Entry point of {@code bin/profilestream-local}. Exit codes: 0 ok, 1 failure, 2 usage error
 * ({@link CliConventions}).
 */
@Command(name = "profilestream-local", mixinStandardHelpOptions = true,
        description = "Runs ProfileStream on this machine: a real Kafka broker, the four services and demo traffic.",
        subcommands = {RunCommand.class, CleanCommand.class, BenchCommand.class, ChaosCommand.class, FuzzCommand.class},
        footerHeading = "%n", footer = "Run 'profilestream-local COMMAND --help' for the options of a command.")
public final class LocalStackCli {

    @Option(names = CliConventions.DEBUG_OPTION, scope = ScopeType.INHERIT,
            description = "On a failure, print the stack trace after the one-line message.")
    boolean debug;

    private LocalStackCli() {
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        return CliConventions.apply(new CommandLine(new LocalStackCli()),
                () -> new String[] {"profilestream-local " + Versions.PROJECT});
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
