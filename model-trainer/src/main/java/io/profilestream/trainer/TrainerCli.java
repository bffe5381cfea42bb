package io.profilestream.trainer;

import io.profilestream.trainer.data.ImportCommand;
import io.profilestream.trainer.eval.EvaluateCommand;
import io.profilestream.trainer.split.SplitCommand;
import io.profilestream.trainer.train.TrainCommand;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code profilestream-trainer}: import clickstreams, split by time, evaluate baselines and models.
 * Exit codes: 0 ok, 1 failure, 2 usage error.
 */
@Command(name = "profilestream-trainer", mixinStandardHelpOptions = true, version = "profilestream-trainer 0.1.0",
        description = "Offline model factory: import -> split -> (train -> export) -> evaluate.")
public final class TrainerCli implements Runnable {

    /**
     * Subcommands, in help order.
     * <p>
     * PLACE FOR {@code train} AND {@code export}: add their command classes to this list (e.g.
     * {@code TrainCommand.class, ExportCommand.class} after {@code SplitCommand.class}). A trained model is
     * evaluated by registering a {@link io.profilestream.trainer.eval.ModelScorerLoader} service, then
     * {@code evaluate --model DIR}.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            ImportCommand.class,
            SplitCommand.class,
            TrainCommand.class, // trains AND exports (train --models-dir): no separate export command
            EvaluateCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TrainerCli());
        for (Class<?> sub : SUBCOMMANDS) {
            cli.addSubcommand(sub);
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // A failure message, not a stack trace: the cause chain names file, line and reason.
            commandLine.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (Boolean.getBoolean("profilestream.trainer.stacktrace")) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
