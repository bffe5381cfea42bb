package io.profilestream.recommender.neural;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.ml.NextItemModel;
import io.profilestream.ml.serving.ExactRetriever;
import io.profilestream.ml.serving.ServingModel;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.ml.testing.TestModels;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model's time inside a request, split into retrieval and ranking, on a real exported model
 * whose retriever is timed as the application loads it, with a scripted ticker: each reading is
 * taken from a list, so the recorded times are exact and an unexpected extra reading fails the test.
 */
class NeuralRecommenderTest {

    static final List<String> SESSION = List.of("item-3", "item-7", "item-11");

    @TempDir
    Path models;

    final Deque<Long> readings = new ArrayDeque<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RecommenderMetrics metrics = new RecommenderMetrics(meters, readings::removeFirst);
    final NeuralRecommender recommender = new NeuralRecommender(1, metrics.inference());
    ServingModel model;

    @BeforeEach
    void loadTimedModel() throws IOException {
        // LSTM order (no ranker): exactly one retriever call per answer.
        Path dir = TestModels.exportRandom(models, "v1", 40, 8, 16, 1L);
        model = ServingModels.load(dir, w -> metrics.inference().timed(new ExactRetriever(w)));
    }

    Timer inference(String part) {
        return meters.get(RecommenderMetrics.INFERENCE).tag("part", part).timer();
    }

    NeuralState stepped(List<String> clicks) {
        NextItemModel.State s = model.replay(clicks);
        return new NeuralState(model.version(), "session-1", clicks, clicks.size(), s.h(), s.c());
    }

    @Test
    void shouldRecordStateAndRetrieverTimeAsRetrievalAndTheRestAsRanking() {
        // start, state ready, retriever in, retriever out, answered (nanoseconds)
        readings.addAll(List.of(0L, 300_000L, 400_000L, 1_400_000L, 1_900_000L));

        Optional<ServingModel.Recommendations> answer = recommender.recommend(model, stepped(SESSION), 5, Set.of());

        assertThat(answer).hasValueSatisfying(r -> assertThat(r.items()).hasSize(5));
        assertThat(readings).isEmpty();
        assertThat(inference("retrieval").count()).isEqualTo(1);
        assertThat(inference("retrieval").totalTime(TimeUnit.MICROSECONDS)).isEqualTo(1_300.0);
        assertThat(inference("ranking").count()).isEqualTo(1);
        assertThat(inference("ranking").totalTime(TimeUnit.MICROSECONDS)).isEqualTo(600.0);
    }

    @Test
    void shouldAddUpOneSampleOfEachPartPerAnswer() {
        readings.addAll(List.of(0L, 100_000L, 100_000L, 600_000L, 700_000L,
                1_000_000L, 1_200_000L, 1_300_000L, 2_300_000L, 2_400_000L));

        recommender.recommend(model, stepped(SESSION), 5, Set.of());
        recommender.recommend(model, stepped(SESSION), 3, Set.of("item-1"));

        assertThat(inference("retrieval").count()).isEqualTo(2);
        assertThat(inference("retrieval").totalTime(TimeUnit.MICROSECONDS)).isEqualTo(600.0 + 1_200.0);
        assertThat(inference("ranking").count()).isEqualTo(2);
        assertThat(inference("ranking").totalTime(TimeUnit.MICROSECONDS)).isEqualTo(100.0 + 200.0);
    }

    @Test
    void shouldRecordNothingWhenTheModelCannotServeTheUser() {
        readings.addAll(List.of(0L, 0L));

        assertThat(recommender.recommend(model, null, 5, Set.of())).isEmpty();
        assertThat(recommender.recommend(model, new NeuralState("v0", "s", List.of("unknown-item"), 1,
                new float[16], new float[16]), 5, Set.of())).isEmpty();

        assertThat(readings).isEmpty();
        assertThat(inference("retrieval").count()).isZero();
        assertThat(inference("ranking").count()).isZero();
    }
}
