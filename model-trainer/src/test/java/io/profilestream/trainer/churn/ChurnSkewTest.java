package io.profilestream.trainer.churn;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.churn.ChurnFeatures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No train/serve skew: the profiles the service folds and those the trainer replays from the same
 * events ({@link ServedAndReplayedProfiles}) give every user the same churn feature vector, to the
 * last bit.
 */
class ChurnSkewTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldGiveIdenticalFeatureVectorsFromTheServiceFoldAndTheTrainerReplay() throws Exception {
        ServedAndReplayedProfiles.Result folded = ServedAndReplayedProfiles.fold(stateDir);

        assertThat(folded.pairs()).hasSize(ServedAndReplayedProfiles.USERS);
        for (ServedAndReplayedProfiles.Pair p : folded.pairs()) {
            assertThat(ChurnFeatures.of(p.replayed(), folded.asOf())).as(p.user())
                    .containsExactly(ChurnFeatures.of(p.served(), folded.asOf()));
        }
    }
}
