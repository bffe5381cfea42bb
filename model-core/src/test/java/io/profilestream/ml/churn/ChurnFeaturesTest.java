package io.profilestream.ml.churn;

import static io.profilestream.model.event.EventType.ADD_TO_CART;
import static io.profilestream.model.event.EventType.PURCHASE;
import static io.profilestream.model.event.EventType.VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChurnFeaturesTest {

    static final Instant FIRST = Instant.parse("2025-03-01T00:00:00Z");
    static final Instant LAST = Instant.parse("2025-03-03T00:00:00Z");
    static final Instant PURCHASED = Instant.parse("2025-03-02T00:00:00Z");
    static final Instant AS_OF = Instant.parse("2025-03-04T00:00:00Z");

    /** 9 events over 3 sessions (6 views, 2 carts, 1 purchase), categories a 3.0 and b 1.0. */
    static UserProfile profile() {
        return new UserProfile("u1", 9, Map.of(VIEW, 6L, ADD_TO_CART, 2L, PURCHASE, 1L),
                new DecayedScores(LAST, Map.of("a", 3.0, "b", 1.0)), DecayedScores.empty(), PriceBand.empty(),
                new Rfm(PURCHASED, 1, 1, Map.of()), 3, "s3", List.of("i1"), List.of("i1"), FIRST, LAST);
    }

    @Test
    void shouldComputeEveryFeatureFromTheProfileAndTheInstantAsked() {
        double[] x = ChurnFeatures.of(profile(), AS_OF);

        // 24 h since the last event, 72 h since the first (3 days of tenure), 48 h since the purchase.
        assertThat(x).containsExactly(Math.log1p(24), Math.log1p(72), Math.log1p(9), Math.log1p(3), Math.log1p(6),
                Math.log1p(2), Math.log1p(1), Math.log1p(3), Math.log1p(1), 1.0, Math.log1p(48), Math.log1p(2), 0.75);
        assertThat(x).hasSize(ChurnFeatures.NAMES.size());
    }

    @Test
    void shouldCountAnAsOfBeforeTheLastEventAsNoTimeElapsedAndTenureAsAtLeastOneDay() {
        UserProfile fresh = new UserProfile("u2", 2, Map.of(VIEW, 2L), DecayedScores.empty(), DecayedScores.empty(),
                PriceBand.empty(), Rfm.empty(), 1, null, List.of(), List.of(), LAST, LAST.plusSeconds(3600));

        double[] x = ChurnFeatures.of(fresh, LAST);

        assertThat(x).containsExactly(0.0, 0.0, Math.log1p(2), Math.log1p(1), Math.log1p(2), 0.0, 0.0,
                Math.log1p(2), Math.log1p(1), 0.0, 0.0, 0.0, 0.0);
    }

    @Test
    void shouldRefuseAProfileWithoutEvents() {
        assertThatThrownBy(() -> ChurnFeatures.of(UserProfile.empty("u3"), AS_OF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a profile without events has no churn features");
    }
}
