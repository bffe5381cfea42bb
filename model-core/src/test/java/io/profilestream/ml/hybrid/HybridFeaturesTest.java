package io.profilestream.ml.hybrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HybridFeaturesTest {

    // Vocabulary of 5 items; the session so far is 2, 0, 2 (item 2 repeated, last click item 2).
    private final int[] prefix = {2, 0, 2, 4};
    private final float[] lstm = {0.1f, 0.5f, 0.2f, 0.9f, 0.0f};
    private final float[] vsknn = {0f, 0.4f, 0f, 0f, 0.7f};
    private final float[] iknn = {0.25f, 0f, 0f, 0.5f, 0f};
    private final float[] logPopularity = {1f, 2f, 3f, 4f, 5f};
    private final String[] categories = {"a", "b", "a", "c", ""};
    private final PrefixSignals signals = new PrefixSignals(prefix, 3, lstm, TopN.of(lstm, 2, false), vsknn,
            TopN.of(vsknn, 2, true), iknn);
    private final HybridFeatures features = new HybridFeatures(HybridFeatures.names(true));

    @Test
    void shouldNameTheFeaturesInVectorOrder() {
        assertThat(features.names()).containsExactly("lstm_score", "lstm_rank", "vsknn_score", "vsknn_rank", "iknn_score",
                "log_popularity", "in_session", "position_from_end", "same_category_as_last", "session_length");
        assertThat(HybridFeatures.names(false)).doesNotContain("same_category_as_last").hasSize(9);
    }

    @Test
    void shouldBuildCandidatesFromBothTopListsWithoutDuplicates() {
        assertThat(signals.lstmTop()).containsExactly(3, 1);
        assertThat(signals.vsknnTop()).containsExactly(4, 1);
        assertThat(signals.candidates()).containsExactly(3, 1, 4);
    }

    @Test
    void shouldComputeExactValuesForACandidateSeenEarlierInTheSession() {
        // Item 0: outside both top-2 lists (rank 3), clicked 2 positions from the end, same category "a" as item 2.
        assertThat(features.vector(signals, 0, logPopularity, categories, 2))
                .containsExactly(0.1f, 3f, 0f, 3f, 0.25f, 1f, 1f, 2f, 1f, 3f);
    }

    @Test
    void shouldComputeExactValuesForTheLastClickAndForUnseenCandidates() {
        assertThat(features.vector(signals, 2, logPopularity, categories, 2))
                .containsExactly(0.2f, 3f, 0f, 3f, 0f, 3f, 1f, 1f, 1f, 3f);
        assertThat(features.vector(signals, 1, logPopularity, categories, 2))
                .containsExactly(0.5f, 2f, 0.4f, 2f, 0f, 2f, 0f, 0f, 0f, 3f);
        // Item 4 has no category: never "same category".
        assertThat(features.vector(signals, 4, logPopularity, categories, 2))
                .containsExactly(0f, 3f, 0.7f, 1f, 0f, 5f, 0f, 0f, 0f, 3f);
    }

    @Test
    void shouldPreferLowerIndexesOnTiesAndSkipNonPositiveKnnScores() {
        assertThat(TopN.of(new float[]{0.5f, 0.7f, 0.5f, 0.5f, Float.NEGATIVE_INFINITY}, 3, false)).containsExactly(1, 0, 2);
        assertThat(TopN.of(new float[]{0f, 0.2f, 0f}, 3, true)).containsExactly(1);
    }

    @Test
    void shouldRefuseAnUnknownFeatureName() {
        assertThatThrownBy(() -> new HybridFeatures(List.of("lstm_score", "dwell_time")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown ranker feature 'dwell_time'");
    }
}
