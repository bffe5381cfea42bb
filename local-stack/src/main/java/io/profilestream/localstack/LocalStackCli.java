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

    /** The system property that sizes the JDK's common fork-join pool (read once, when the pool is created). */
    public static final String COMMON_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        // First, before anything creates the common pool.
        commonPoolOfTwo(System.getProperties(), Runtime.getRuntime().availableProcessors());
        System.exit(commandLine().execute(args));
    }

    /**
     * Sizes the JDK's common pool at 2 on a machine of 1 or 2 cores, unless {@code properties}
     * already size it. The JDK 17 {@code HttpClient} completes every {@code sendAsync} answer on
     * {@code CompletableFuture}'s default executor, which is a new thread per task when the common
     * pool's parallelism is below 2 (the default there: cores − 1), so the benchmarks' load
     * generators timed a thread start in every request (docs/BENCHMARKS.md, runs 50-59).
     *
     * @return whether it set the property
     */
    static boolean commonPoolOfTwo(java.util.Properties properties, int cores) {
        if (cores > 2 || properties.getProperty(COMMON_PARALLELISM) != null) {
            return false;
        }
        properties.setProperty(COMMON_PARALLELISM, "2");
        return true;
    }
}
