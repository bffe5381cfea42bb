package io.profilestream.trainer.eval;

import io.profilestream.ml.SessionScorer;
import io.profilestream.ml.knn.ItemKnn;
import io.profilestream.ml.knn.VSkNN;
import io.profilestream.trainer.baselines.Baselines;
import io.profilestream.cli.Progress;
import io.profilestream.cli.ProgressOptions;
import io.profilestream.trainer.data.InteractionFile;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code evaluate}: next-click evaluation of baselines and trained models in one run. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Evaluates baselines and trained models on test.tsv (next-click Recall, MRR, NDCG).",
        description = {"Next-click evaluation: for every test session and position i = 1..n-1 each scorer sees clicks "
                + "1..i and ranks ALL training items; the target is click i+1 (repeats included). Ties count half.",
                "Reports Recall@K, MRR@K, NDCG@K (K = 5, 10, 20) for the baselines and any --model: the table on stdout, "
                + "counts on stderr. Then, when the --reference scorer ran with others, each scorer's Recall@20 and "
                + "MRR@20 as a ratio to it with a 95% interval from a paired bootstrap over test users (when every test "
                + "session has a user) or test sessions."})
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "train.tsv from split (defines the item vocabulary).")
    Path train;

    @Option(names = "--test", required = true, paramLabel = "FILE", description = "test.tsv from split.")
    Path test;

    @Option(names = "--baselines", split = ",", paramLabel = "NAME", defaultValue = "POP,item-kNN,V-SKNN",
            description = "Baselines to run (default: ${DEFAULT-VALUE}); 'none' for none.")
    List<String> baselines;

    @Option(names = "--model", paramLabel = "DIR", description = "A trained model directory (repeatable).")
    List<Path> models = new ArrayList<>();

    @Option(names = "--json-out", paramLabel = "FILE", description = "Write the results as JSON.")
    Path jsonOut;

    @Option(names = "--predictions-out", paramLabel = "FILE",
            description = "Write session_id<TAB>position<TAB>target_item<TAB>top-20 items per prediction, in test-file order. "
                    + "With several scorers each gets FILE with '.<scorer>' before the extension.")
    Path predictionsOut;

    @Option(names = "--vsknn-k", defaultValue = "100", paramLabel = "N", description = "V-SKNN neighbours (default: ${DEFAULT-VALUE}).")
    int vsknnK;

    @Option(names = "--vsknn-sample", defaultValue = "500", paramLabel = "N",
            description = "V-SKNN: most recent candidate sessions considered, 0 = all (default: ${DEFAULT-VALUE}).")
    int vsknnSample;

    @Option(names = "--iknn-neighbours", defaultValue = "100", paramLabel = "N", description = "item-kNN neighbours per item (default: ${DEFAULT-VALUE}).")
    int iknnNeighbours;

    @Option(names = "--iknn-lambda", defaultValue = "20", paramLabel = "L",
            description = "item-kNN support regularisation, 0 = plain cosine (default: ${DEFAULT-VALUE}).")
    double iknnLambda;

    @Option(names = "--reference", defaultValue = "V-SKNN", paramLabel = "SCORER",
            description = "Scorer the others are divided by in the ratio table (default: ${DEFAULT-VALUE}); "
                    + "no ratio table when it is not evaluated.")
    String reference;

    @Option(names = "--bootstrap", defaultValue = "" + PairedBootstrap.DEFAULT_RESAMPLES, paramLabel = "N",
            description = "Paired-bootstrap resamples of the test sessions for the ratios' 95 %% intervals, "
                    + "0 = no ratio table (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--bootstrap-seed", defaultValue = "42", paramLabel = "N",
            description = "Seed of the bootstrap's session draws (default: ${DEFAULT-VALUE}).")
    long bootstrapSeed;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws Exception {
        if (bootstrap < 0) {
            throw new ParameterException(spec.commandLine(), "--bootstrap must be 0 or more, was " + bootstrap);
        }
        List<ScorerFactory> factories;
        try {
            ScorerRegistry registry = new ScorerRegistry(
                    Baselines.factories(new ItemKnn.Settings(iknnNeighbours, iknnLambda), new VSkNN.Settings(vsknnK, vsknnSample)),
                    ScorerRegistry.discoveredLoaders());
            List<String> names = baselines.size() == 1 && baselines.get(0).equalsIgnoreCase("none") ? List.of() : baselines;
            factories = registry.select(names, models);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (factories.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "nothing to evaluate: no baselines and no --model");
        }
        TrainingData training = TrainingData.of(InteractionFile.read(train, progress.enabled()));
        // Before any scorer runs: a model trained on other data must not cost a baseline run first.
        for (ScorerFactory factory : factories) {
            factory.verify(training);
        }
        long[] unknown = new long[1];
        List<TestSession> sessions = TestSession.of(InteractionFile.read(test, progress.enabled()), training.vocabulary(), unknown);
        long predictions = sessions.stream().mapToLong(s -> s.items().length - 1).sum();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("train", train.toString());
        run.put("test", test.toString());
        run.put("trainSessions", training.sessionCount());
        run.put("items", training.vocabulary().size());
        run.put("vocabularyFingerprint", training.vocabulary().fingerprint());
        run.put("testSessions", sessions.size());
        run.put("predictions", predictions);
        run.put("removedUnknownTestClicks", unknown[0]);
        var err = spec.commandLine().getErr();
        err.printf("train: %d sessions, %d items; test: %d sessions, %d predictions%s%n", training.sessionCount(),
                training.vocabulary().size(), sessions.size(), predictions,
                unknown[0] > 0 ? " (" + unknown[0] + " test clicks on unknown items removed)" : "");

        Evaluator evaluator = new Evaluator(Evaluator.DEFAULT_CUTOFFS);
        EvaluationReport report = new EvaluationReport(run);
        for (ScorerFactory factory : factories) {
            long start = System.nanoTime();
            SessionScorer scorer = factory.create(training);
            Path predictionFile = predictionsOut == null ? null
                    : factories.size() == 1 ? predictionsOut : withSuffix(predictionsOut, scorer.name());
            Metrics metrics;
            try (BufferedWriter w = predictionFile == null ? null : Files.newBufferedWriter(predictionFile, StandardCharsets.UTF_8);
                 Progress bar = progress.bar(scorer.name(), sessions.size(), " sessions")) {
                PredictionSink sink = w == null ? null : new PredictionWriter(w, training.vocabulary());
                metrics = evaluator.evaluate(scorer, sessions, training.vocabulary().size(), sink,
                        bar.active() ? bar::step : null);
            }
            report.add(new EvaluationReport.Row(scorer.name(), metrics, (System.nanoTime() - start) / 1e9));
        }
        if (bootstrap > 0 && report.rows().size() > 1) {
            int k = Evaluator.DEFAULT_CUTOFFS[Evaluator.DEFAULT_CUTOFFS.length - 1];
            if (sessions.isEmpty()) {
                err.println("no ratio table: the test set has no session to resample");
            } else if (!report.compareWith(reference,
                    // Users are the resampled unit when every test session has one (Taobao, REES46).
                    new PairedBootstrap(bootstrap, bootstrapSeed, PairedBootstrap.usersOf(sessions)), k)) {
                err.printf("no ratio table: the reference scorer %s was not evaluated%n", reference);
            }
        }
        spec.commandLine().getOut().print(report.table());
        spec.commandLine().getOut().flush();
        if (jsonOut != null) {
            Files.writeString(jsonOut, report.json(), StandardCharsets.UTF_8);
        }
        return 0;
    }

    static Path withSuffix(Path file, String scorer) {
        String name = file.getFileName().toString();
        String safe = scorer.replaceAll("[^A-Za-z0-9._-]", "_");
        int dot = name.lastIndexOf('.');
        String out = dot > 0 ? name.substring(0, dot) + "." + safe + name.substring(dot) : name + "." + safe;
        return file.resolveSibling(out);
    }
}
