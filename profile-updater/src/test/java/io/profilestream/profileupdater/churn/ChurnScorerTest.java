package io.profilestream.profileupdater.churn;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.churn.ChurnModel;
import io.profilestream.model.profile.UserProfile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChurnScorerTest {

    @TempDir
    Path dir;

    @Test
    void shouldGiveTheExactProbabilityOfTheWrittenModelForALiteralProfileAsOfNow() throws Exception {
        TestChurnArtifacts.write(dir, "churn-v1");
        ChurnScorer scorer = new ChurnScorer(ChurnModel.load(dir), Clock.fixed(TestChurnArtifacts.AS_OF, ZoneOffset.UTC));

        ChurnRisk risk = scorer.riskOf(TestChurnArtifacts.profile("u1"));

        assertThat(risk).isEqualTo(new ChurnRisk(TestChurnArtifacts.EXPECTED, 48, "churn-v1", TestChurnArtifacts.AS_OF));
    }

    @Test
    void shouldScoreNothingForAProfileWithoutEvents() throws Exception {
        TestChurnArtifacts.write(dir, "churn-v1");
        ChurnScorer scorer = new ChurnScorer(ChurnModel.load(dir), Clock.fixed(TestChurnArtifacts.AS_OF, ZoneOffset.UTC));

        assertThat(scorer.riskOf(UserProfile.empty("u2"))).isNull();
    }
}
