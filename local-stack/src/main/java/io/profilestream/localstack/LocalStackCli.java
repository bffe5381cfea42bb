package io.profilestream.localstack;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/profilestream-local}. */
@Command(name = "profilestream-local", mixinStandardHelpOptions = true, versionProvider = LocalStackCli.Version.class,
        description = "Runs ProfileStream on this machine: a real Kafka broker, the four services and demo traffic.",
        subcommands = {RunCommand.class, CleanCommand.class, io.profilestream.localstack.bench.BenchCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the stack failed to start or traffic failed", "2:invalid options"})
public final class LocalStackCli {

    private LocalStackCli() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new LocalStackCli())
                // A failure to start is explained in one line that names the log to read; the
                // stack trace helps nobody running a demo.
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("error: " + e.getMessage());
                    return 1;
                });
        System.exit(cli.execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ProfileStream local stack " + LocalStackCli.class.getPackage().getImplementationVersion()};
        }
    }
}
