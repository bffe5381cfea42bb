package io.profilestream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.SessionScorer;
import io.profilestream.ml.serving.HybridServingModel;
import io.profilestream.ml.serving.ServingModel;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.ml.artifact.ModelArtifact;
import io.profilestream.ml.hybrid.HybridFeatures;
import io.profilestream.ml.hybrid.HybridRanker;
import io.profilestream.ml.hybrid.HybridSettings;
import io.profilestream.ml.hybrid.Signals;
import io.profilestream.ml.knn.ItemKnn;
import io.profilestream.ml.knn.VSkNN;
import io.profilestream.ml.lstm.LstmNextItemModel;
import io.profilestream.ml.lstm.LstmTrainer;
import io.profilestream.ml.lstm.LstmTrainingConfig;
import io.profilestream.ml.ranker.MlpConfig;
import io.profilestream.trainer.data.Interaction;
import io.profilestream.trainer.eval.Evaluator;
import io.profilestream.trainer.eval.Metrics;
import io.profilestream.trainer.eval.ScorerFactory;
import io.profilestream.trainer.eval.TestSession;
import io.profilestream.trainer.eval.TrainingData;
import io.profilestream.trainer.hybrid.ArtifactScorerLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelTrainingTest {

    static final ModelTraining.Options OPTIONS = new ModelTraining.Options(
            new LstmTrainingConfig(16, 16, 2, 64, 0.02, 5, 0.75, 7L, 0.0, 20),
            new MlpConfig(8, 4, 3, 256, 0.01), 0.2, 5, 3, 200, ItemKnn.Settings.DEFAULT, VSkNN.Settings.DEFAULT, true);

    static List<Interaction> train;
    static TrainingData trainingData;
    static List<TestSession> test;
    static ModelTraining.Outcome outcome;

    @BeforeAll
    static void trainOnce() {
        train = PatternData.sessions(1, 100, 0);
        trainingData = TrainingData.of(train);
        test = TestSession.of(PatternData.sessions(101, 120, 0), trainingData.vocabulary(), null);
        outcome = ModelTraining.train(train, OPTIONS, line -> { }, r -> { });
    }

    @Test
    void shouldExportAndLoadAModelThatScoresExactlyLikeTheTrainedOne(@TempDir Path models) throws Exception {
        Path dir = ModelTraining.export(models, "v1", "abc", outcome, OPTIONS);
        List<ScorerFactory> loaded = new ArtifactScorerLoader().loadAll(dir);
        assertThat(loaded).extracting(ScorerFactory::name).containsExactly("LSTM", "LSTM+MLP");
        SessionScorer lstm = loaded.get(0).create(trainingData);
        SessionScorer hybrid = loaded.get(1).create(trainingData);
        HybridRanker inMemory = new HybridRanker(new Signals(outcome.lstm(), trainingData.itemStats(),
                trainingData.sessionsByRecency(), new HybridSettings(5, VSkNN.Settings.DEFAULT, ItemKnn.Settings.DEFAULT)), new HybridFeatures(outcome.features()), outcome.ranker());

        int v = trainingData.vocabulary().size();
        for (TestSession s : test) {
            for (int i = 1; i < s.items().length; i++) {
                assertThat(scores(lstm, s, i, v)).containsExactly(scores(outcome.lstm(), s, i, v));
                assertThat(scores(hybrid, s, i, v)).containsExactly(scores(inMemory, s, i, v));
            }
        }
        Evaluator evaluator = new Evaluator(Evaluator.DEFAULT_CUTOFFS);
        Metrics before = evaluator.evaluate(inMemory, test, v, null, null);
        Metrics after = evaluator.evaluate(hybrid, test, v, null, null);
        assertThat(after.asMap()).isEqualTo(before.asMap());
        assertThat(after.predictions()).isEqualTo(60);

        ModelArtifact artifact = ModelArtifact.load(dir);
        assertThat(artifact.trainingSessions()).contains(trainingData.sessionsByRecency());
        assertThat(artifact.items()).isEqualTo(trainingData.itemStats());
        assertThat(artifact.metadata().hybrid()).isEqualTo(OPTIONS.hybrid());
        assertThat(artifact.metadata().trainingDataHash()).isEqualTo("abc");
        assertThat(artifact.metadata().rankerFeatures()).isEqualTo(HybridFeatures.names(true));
        assertThat(artifact.metadata().metrics()).containsKeys("validation.lstm.recall@20", "train.predictionsPerSecond")
                .containsEntry("ranker.candidates", 5.0);
    }

    @Test
    void shouldServeOnlineTheSameTopTwentyAsTheEvaluatedHybrid(@TempDir Path models) throws Exception {
        Path dir = ModelTraining.export(models, "v2", "abc", outcome, OPTIONS);
        SessionScorer evaluated = new ArtifactScorerLoader().loadAll(dir).get(1).create(trainingData);
        HybridServingModel online = ServingModels.load(dir);
        ItemVocabulary vocabulary = trainingData.vocabulary();
        int v = vocabulary.size();
        int compared = 0;
        for (TestSession s : test) {
            for (int i = 1; i < s.items().length; i++) {
                float[] out = scores(evaluated, s, i, v);
                List<Integer> order = new ArrayList<>();
                for (int j = 0; j < v; j++) {
                    if (out[j] != Float.NEGATIVE_INFINITY) {
                        order.add(j);
                    }
                }
                order.sort((a, b) -> out[a] != out[b] ? Float.compare(out[b], out[a]) : Integer.compare(a, b));
                List<String> expected = order.stream().limit(20).map(vocabulary::id).toList();
                List<String> session = Arrays.stream(s.items(), 0, i).mapToObj(vocabulary::id).toList();

                ServingModel.Recommendations r = online.recommend(
                        new ServingModel.Query(online.replay(session), session, 20, Set.of()));

                // Offline every non-candidate ties at -inf; online they follow the candidates (filling k).
                assertThat(r.path()).isEqualTo("lstm+mlp");
                assertThat(r.items()).hasSize(Math.min(20, v));
                assertThat(r.items().subList(0, expected.size())).extracting(ServingModel.Scored::itemId).isEqualTo(expected);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(60);
    }

    @Test
    void shouldTrainTheSameModelTwiceWithTheSameSeed() {
        ModelTraining.Outcome again = ModelTraining.train(train, OPTIONS, line -> { }, r -> { });
        int v = trainingData.vocabulary().size();
        TestSession s = test.get(0);
        assertThat(scores(again.lstm(), s, 2, v)).containsExactly(scores(outcome.lstm(), s, 2, v));
        List<float[]> vectors = new ArrayList<>(outcome.examples().features());
        assertThat(again.ranker().score(vectors)).containsExactly(outcome.ranker().score(vectors));
        assertThat(again.examples().labels()).isEqualTo(outcome.examples().labels());
    }

    @Test
    void shouldRefitTheExportedLstmOnAllTrainingSessionsForTheBestEpochCount() {
        int bestEpoch = outcome.metrics().get("validation.lstm.bestEpoch").intValue();
        List<int[]> all = new ArrayList<>();
        for (int s = 0; s < trainingData.sessionCount(); s++) {
            all.add(trainingData.session(s));
        }
        LstmNextItemModel refit = LstmTrainer.train(trainingData.vocabulary(), all, List.of(),
                OPTIONS.lstm().withEpochs(bestEpoch), null).model();
        ModelTraining.Outcome notRefit = ModelTraining.train(train, withRefit(false), line -> { }, r -> { });

        int v = trainingData.vocabulary().size();
        TestSession s = test.get(0);
        assertThat(scores(outcome.lstm(), s, 2, v)).containsExactly(scores(refit, s, 2, v));
        assertThat(scores(notRefit.lstm(), s, 2, v)).isNotEqualTo(scores(refit, s, 2, v));
        assertThat(outcome.metrics()).containsEntry("train.refitEpochs", (double) bestEpoch);
        assertThat(notRefit.metrics()).containsEntry("train.refitEpochs", 0.0).containsEntry("train.refitSeconds", 0.0);
        // The ranker learnt before the refit, so both runs rank the same examples alike.
        List<float[]> vectors = new ArrayList<>(outcome.examples().features());
        assertThat(notRefit.ranker().score(vectors)).containsExactly(outcome.ranker().score(vectors));
    }

    @Test
    void shouldRemoveValidationClicksOnItemsTheOlderSessionsNeverShow() {
        // 102 sessions by start: 1-50, "solo" (one click on y, at 50.5 min), 51-100, "late" (z then i3, at
        // 100.5 min). The newest 21 (20 %, rounded up) are 81-100 and "late": the validation slice.
        List<Interaction> data = new ArrayList<>(train);
        data.add(new Interaction("solo", "", "y", 50 * 60_000L + 30_000L, "view", "c0", ""));
        for (int k = 91; k <= 100; k++) {
            // Between the second and third click: removed from the middle of the session.
            data.add(new Interaction(Integer.toString(k), "", "z", k * 60_000L + 1_500L, "view", "c0", ""));
        }
        // y is known only from a one-click older session, which the LSTM never trains on.
        data.add(new Interaction("95", "", "y", 95 * 60_000L + 2_500L, "view", "c0", ""));
        data.add(new Interaction("late", "", "z", 100 * 60_000L + 30_000L, "view", "c0", ""));
        data.add(new Interaction("late", "", "i3", 100 * 60_000L + 31_000L, "view", "c1", ""));
        List<String> log = new ArrayList<>();

        ModelTraining.Outcome o = ModelTraining.train(data, withRefit(false), log::add, r -> { });

        // "late" keeps one click and is dropped; 81-100 keep their 4 pattern clicks: 60 predictions.
        assertThat(log.get(0)).isEqualTo("vocabulary: 12 items; LSTM trains on 81 sessions, validation 20 sessions "
                + "(60 predictions; 12 clicks on items only the validation slice has removed)");
        assertThat(o.validationSessions()).isEqualTo(20);
    }

    private static ModelTraining.Options withRefit(boolean refit) {
        ModelTraining.Options o = OPTIONS;
        return new ModelTraining.Options(o.lstm(), o.mlp(), o.validationFraction(), o.topN(), o.negatives(),
                o.maxPositions(), o.itemKnn(), o.vsknn(), refit);
    }

    @Test
    void shouldNameVersionsByUtcTimeAndDataHash() {
        assertThat(ModelTraining.version(Instant.parse("2026-11-29T15:04:05.123Z"), "98da96e05c87ef12aa"))
                .isEqualTo("20261129T150405Z-98da96e0");
    }

    private static float[] scores(SessionScorer scorer, TestSession s, int length, int v) {
        float[] out = new float[v];
        scorer.score(s.items(), length, out);
        return out;
    }
}
