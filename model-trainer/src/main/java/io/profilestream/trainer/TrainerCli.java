package io.profilestream.trainer;

import io.profilestream.generator.ClickstreamGenerator;
import io.profilestream.ml.SessionScorer;
import io.profilestream.model.serde.Json;
import io.profilestream.cli.CliConventions;
import io.profilestream.trainer.churn.ChurnCommand;
import io.profilestream.trainer.data.ImportCommand;
import io.profilestream.trainer.demand.DemandCommand;
import io.profilestream.trainer.eval.EvaluateCommand;
import io.profilestream.trainer.generate.GenerateCommand;
import io.profilestream.trainer.segment.SegmentsCommand;
import io.profilestream.trainer.split.SplitCommand;
import io.profilestream.trainer.text.QueryInterestsCommand;
import io.profilestream.trainer.text.SentimentCommand;
import io.profilestream.trainer.train.TrainCommand;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/**
 * {@code profilestream-trainer}: generate or import clickstreams, split by time, train and export
 * models, evaluate them against baselines. Exit codes: 0 ok, 1 failure, 2 usage error
 * ({@link CliConventions}).
 */
@Command(name = "profilestream-trainer", mixinStandardHelpOptions = true,
        description = "Offline model factory: (generate ->) import -> split -> train (exports the model) -> evaluate.",
        footerHeading = "%n", footer = "Run 'profilestream-trainer COMMAND --help' for the options of a command.")
public final class TrainerCli implements Runnable {

    /**
     * Subcommands, in help order. A trained model is evaluated by registering a
     * {@link io.profilestream.trainer.eval.ModelScorerLoader} service, then {@code evaluate --model DIR}.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            GenerateCommand.class,
            ImportCommand.class,
            SplitCommand.class,
            TrainCommand.class, // trains AND exports (train --models-dir): no separate export command
            EvaluateCommand.class,
            ChurnCommand.class,
            DemandCommand.class,
            SentimentCommand.class,
            QueryInterestsCommand.class,
            SegmentsCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = CliConventions.DEBUG_OPTION, scope = ScopeType.INHERIT,
            description = "On a failure, print the stack trace after the one-line message.")
    boolean debug;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command: one of " + String.join(", ", spec.subcommands().keySet()));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TrainerCli());
        for (Class<?> sub : SUBCOMMANDS) {
            cli.addSubcommand(sub);
        }
        return CliConventions.apply(cli, () -> new String[] {"profilestream-trainer " + projectVersion()});
    }

    /**
     * The project version from the jar manifest. Every module of the project is built with one
     * version; run from classes (tests, an IDE) this module has no manifest, so the version of the
     * project jars it was compiled against is used.
     */
    public static String projectVersion() {
        for (Class<?> c : List.of(TrainerCli.class, SessionScorer.class, ClickstreamGenerator.class, Json.class)) {
            String v = c.getPackage().getImplementationVersion();
            if (v != null) {
                return v;
            }
        }
        return "unknown (run from classes, no jar manifest)";
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
