package io.profilestream.trainer.split;

import io.profilestream.cli.ProgressOptions;
import io.profilestream.trainer.data.Interaction;
import io.profilestream.trainer.data.InteractionFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code split}: interactions TSV → train.tsv and test.tsv by time. */
@Command(name = "split", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Splits an interactions TSV by time into train.tsv and test.tsv.",
        description = {"Sessions STARTING in the last day (--test-days) or in the last fraction of the time span "
                + "(--test-fraction) go to test. Test clicks on items unseen in training are removed; sessions shorter "
                + "than 2 clicks are dropped from both. Writes train.tsv and test.tsv into the output directory."})
public final class SplitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "Interactions TSV (from import).")
    Path input;

    @Option(names = {"-o", "--output", "--out", "--output-dir"}, required = true, paramLabel = "DIR",
            description = "Directory where train.tsv and test.tsv go (created if missing).")
    Path outputDir;

    @Mixin
    ProgressOptions progress;

    @ArgGroup(exclusive = true)
    Period period = new Period();

    static final class Period {
        @Option(names = "--test-days", paramLabel = "DAYS", description = "Test = sessions starting in the last DAYS days (default: 1).")
        Double testDays;

        @Option(names = "--test-fraction", paramLabel = "F", description = "Test = sessions starting in the last F of the time span, 0 < F < 1.")
        Double testFraction;
    }

    @Override
    public Integer call() throws Exception {
        List<Interaction> interactions = InteractionFile.read(input, progress.enabled());
        TimeSplit.Result r;
        if (period.testFraction != null) {
            r = TimeSplit.byFraction(interactions, period.testFraction);
        } else {
            double days = period.testDays == null ? 1 : period.testDays;
            if (!(days > 0)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--test-days must be positive, got " + days);
            }
            r = TimeSplit.byPeriod(interactions, Duration.ofMillis(Math.round(days * 86_400_000d)));
        }
        Files.createDirectories(outputDir);
        InteractionFile.write(outputDir.resolve("train.tsv"), r.train());
        InteractionFile.write(outputDir.resolve("test.tsv"), r.test());
        long trainItems = r.train().stream().map(Interaction::itemId).distinct().count();
        var out = spec.commandLine().getOut();
        out.printf("cutoff %s (sessions starting at or after go to test)%n", Instant.ofEpochMilli(r.cutoffMs()));
        out.printf("train: %d sessions, %d events, %d items (dropped %d sessions shorter than 2)%n",
                r.trainSessions(), r.train().size(), trainItems, r.droppedTrainSessions());
        out.printf("test:  %d sessions, %d events (removed %d events on items unseen in training, dropped %d sessions shorter than 2)%n",
                r.testSessions(), r.test().size(), r.removedTestEvents(), r.droppedTestSessions());
        if (r.train().isEmpty() || r.test().isEmpty()) {
            spec.commandLine().getErr().println("warning: " + (r.train().isEmpty() ? "train" : "test")
                    + " is empty; choose another --test-days or --test-fraction");
        }
        return 0;
    }
}
