package io.profilestream.trainer.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.segment.SegmentFeatures;
import io.profilestream.trainer.churn.ServedAndReplayedProfiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No train/serve skew: the profiles the service folds and those the trainer replays from the same
 * events ({@link ServedAndReplayedProfiles}) give every user the same segment feature vector and top
 * category, to the last bit (the same check as {@code ChurnSkewTest}, here with prices, which the
 * segment features use).
 */
class SegmentSkewTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldGiveIdenticalFeatureVectorsFromTheServiceFoldAndTheTrainerReplay() throws Exception {
        ServedAndReplayedProfiles.Result folded = ServedAndReplayedProfiles.fold(stateDir);
        List<String> categories = SegmentTraining.commonTopCategories(
                folded.pairs().stream().map(ServedAndReplayedProfiles.Pair::replayed).toList(), 5);

        assertThat(categories).hasSize(5);
        int priced = 0;
        for (ServedAndReplayedProfiles.Pair p : folded.pairs()) {
            assertThat(SegmentFeatures.of(p.replayed(), folded.asOf(), categories)).as(p.user())
                    .containsExactly(SegmentFeatures.of(p.served(), folded.asOf(), categories));
            assertThat(SegmentFeatures.topCategory(p.replayed(), categories)).as(p.user())
                    .isEqualTo(SegmentFeatures.topCategory(p.served(), categories));
            priced += p.replayed().priceBand().count() > 0 ? 1 : 0;
        }
        assertThat(priced).isEqualTo(ServedAndReplayedProfiles.USERS);
    }
}
