package io.profilestream.trainer.baselines;

import static io.profilestream.trainer.baselines.ToyData.A;
import static io.profilestream.trainer.baselines.ToyData.B;
import static io.profilestream.trainer.baselines.ToyData.C;
import static io.profilestream.trainer.baselines.ToyData.D;
import static io.profilestream.trainer.baselines.ToyData.E;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.profilestream.ml.SessionScorer;
import io.profilestream.ml.knn.ItemKnn;
import io.profilestream.ml.knn.VSkNN;
import io.profilestream.trainer.eval.TrainingData;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    private static final Offset<Float> EPS = within(1e-6f);
    private final TrainingData training = ToyData.training();

    private static float[] score(SessionScorer scorer, int... prefix) {
        float[] out = new float[5];
        java.util.Arrays.fill(out, 42f); // stale values must be overwritten
        scorer.score(prefix, prefix.length, out);
        return out;
    }

    @Test
    void shouldBuildTheVocabularyInFirstAppearanceOrder() {
        assertThat(training.vocabulary().ids()).containsExactly("A", "B", "C", "D", "E");
    }

    @Test
    void shouldScorePopularityByTrainingClicks() {
        assertThat(score(new Popularity(training), A)).containsExactly(2f, 2f, 3f, 2f, 1f);
    }

    @Test
    void shouldScoreItemKnnByCosineToTheLastItemOnly() {
        // last item C (in 3 sessions): co-occurs with A in 2 sessions (A in 2), B in 2 (B in 2), D in 1 (D in 2).
        // cos(C,A) = 2/sqrt(3*2), cos(C,B) = 2/sqrt(6), cos(C,D) = 1/sqrt(6), E never with C, C itself excluded.
        float[] out = score(new ItemKnn(training.sessionsByRecency(), new ItemKnn.Settings(100, 0)), E, A, C);
        float twoOverRootSix = (float) (2 / Math.sqrt(6));
        assertThat(out[A]).isCloseTo(twoOverRootSix, EPS);
        assertThat(out[B]).isCloseTo(twoOverRootSix, EPS);
        assertThat(out[C]).isEqualTo(0f);
        assertThat(out[D]).isCloseTo((float) (1 / Math.sqrt(6)), EPS);
        assertThat(out[E]).isEqualTo(0f);
    }

    @Test
    void shouldKeepOnlyTheMostSimilarNeighboursWithTiesToTheLowerIndex() {
        // A and B tie for C's best neighbour; with one neighbour A (index 0) is kept.
        float[] out = score(new ItemKnn(training.sessionsByRecency(), new ItemKnn.Settings(1, 0)), C);
        assertThat(out).containsExactly((float) (2 / Math.sqrt(6)), 0f, 0f, 0f, 0f);
    }

    @Test
    void shouldDampRareItemsWithLambda() {
        // last item E (1 session) co-occurs only with D (2 sessions): 1 / sqrt((1+20)(2+20)).
        float[] out = score(new ItemKnn(training.sessionsByRecency(), new ItemKnn.Settings(100, 20)), E);
        assertThat(out).containsExactly(0f, 0f, 0f, (float) (1 / Math.sqrt(21 * 22)), 0f);
    }

    @Test
    void shouldScoreVsknnBySimilarityWeightedNeighbourSessions() {
        // prefix A C: weights A = 1/2, C = 2/2; 2 distinct items. Candidates S1, S2, S3.
        // sim S1 = (0.5 + 1)/2 = 0.75, S2 = 1/2 = 0.5, S3 = 0.75.
        // A: S1+S3 = 1.5, B: S1+S2 = 1.25, C: S1+S2+S3 = 2.0, D: S2 = 0.5, E: 0.
        float[] out = score(new VSkNN(training.sessionsByRecency(), new VSkNN.Settings(100, 0)), A, C);
        assertThat(out).containsExactly(1.5f, 1.25f, 2.0f, 0.5f, 0f);
    }

    @Test
    void shouldWeighRecentClicksOfTheSessionMore() {
        // prefix C A: weights C = 1/2, A = 1. sim S1 = 0.75, S2 = 0.5/2 = 0.25, S3 = 0.75.
        // A: 1.5, B: S1+S2 = 1.0, C: 1.75, D: 0.25.
        float[] out = score(new VSkNN(training.sessionsByRecency(), new VSkNN.Settings(100, 0)), C, A);
        assertThat(out).containsExactly(1.5f, 1.0f, 1.75f, 0.25f, 0f);
    }

    @Test
    void shouldWeighARepeatedItemByItsLastPosition() {
        // prefix A C A: A = 3/3, C = 2/3; 2 distinct. S1 = S3 = (1 + 2/3)/2 = 5/6, S2 = (2/3)/2 = 1/3.
        float[] out = score(new VSkNN(training.sessionsByRecency(), new VSkNN.Settings(100, 0)), A, C, A);
        assertThat(out[A]).isCloseTo(5f / 3, EPS);
        assertThat(out[B]).isCloseTo(5f / 6 + 1f / 3, EPS);
        assertThat(out[C]).isCloseTo(5f / 3 + 1f / 3, EPS);
        assertThat(out[D]).isCloseTo(1f / 3, EPS);
        assertThat(out[E]).isEqualTo(0f);
    }

    @Test
    void shouldKeepTheKMostSimilarNeighboursPreferringRecentSessionsOnTies() {
        // prefix A C, k = 1: S1 and S3 tie at 0.75; S3 (ends at 300) is more recent than S1 (100).
        assertThat(score(new VSkNN(training.sessionsByRecency(), new VSkNN.Settings(1, 0)), A, C))
                .containsExactly(0.75f, 0f, 0.75f, 0f, 0f);
        // k = 2: S1 and S3; S2 (0.5) is left out.
        assertThat(score(new VSkNN(training.sessionsByRecency(), new VSkNN.Settings(2, 0)), A, C))
                .containsExactly(1.5f, 0.75f, 1.5f, 0f, 0f);
    }

    @Test
    void shouldSampleTheMostRecentCandidateSessions() {
        // prefix A C, sample 2: candidates S1 (100), S2 (200), S3 (300) -> S2 and S3.
        // sims S2 = 0.5, S3 = 0.75: A 0.75, B 0.5, C 1.25, D 0.5.
        assertThat(score(new VSkNN(training.sessionsByRecency(), new VSkNN.Settings(100, 2)), A, C))
                .containsExactly(0.75f, 0.5f, 1.25f, 0.5f, 0f);
    }

    @Test
    void shouldScoreTheItemsOfTheOnlyNeighbourSession() {
        TrainingData t = ToyData.training();
        // E is only in S4 = {D, E}: sim = 1/1 = 1, so D and E score 1, the rest 0.
        assertThat(score(new VSkNN(t.sessionsByRecency(), VSkNN.Settings.DEFAULT), E)).containsExactly(0f, 0f, 0f, 1f, 1f);
    }
}
