package io.profilestream.ml.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.UserProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentFeaturesTest {

    @Test
    void shouldComputeSharesPriceActivityAndRecencyOfALiteralProfile() {
        double[] x = SegmentFeatures.of(TestSegmentProfiles.shopper(), TestSegmentProfiles.AS_OF, List.of("a", "c"));

        assertThat(x).containsExactly(
                0.75, 0.0,            // share:a, share:c
                0.25,                 // share_other (b)
                Math.log1p(9.0), 1.0, // log(1 + typical price 9), has_price
                Math.log1p(9), Math.log1p(3), Math.log1p(2), Math.log1p(1),
                Math.log1p(24.0));    // 24 hours since the last event
    }

    @Test
    void shouldNameTheFeaturesAfterTheCategoryList() {
        assertThat(SegmentFeatures.names(List.of("a", "c"))).containsExactly("share:a", "share:c", "share_other",
                "log_typical_price", "has_price", "log_events", "log_sessions", "log_carts", "log_purchases",
                "log_hours_since_last_event");
        assertThat(SegmentFeatures.recencyIndex(2)).isEqualTo(9);
    }

    @Test
    void shouldGiveZeroPriceAndNoOtherShareToAProfileWithoutPricesOrCategories() {
        UserProfile bare = TestSegmentProfiles.profile(1, 1, 0, 0, Map.of(), PriceBand.empty(), TestSegmentProfiles.LAST);

        assertThat(SegmentFeatures.of(bare, TestSegmentProfiles.LAST.minusSeconds(60), List.of("a")))
                .containsExactly(0.0, 0.0, 0.0, 0.0, Math.log1p(1), Math.log1p(1), 0.0, 0.0, 0.0);
    }

    @Test
    void shouldNameTheTopCategoryOnlyWhenItIsListed() {
        assertThat(SegmentFeatures.topCategory(TestSegmentProfiles.shopper(), List.of("b", "a"))).isEqualTo(1);
        assertThat(SegmentFeatures.topCategory(TestSegmentProfiles.shopper(), List.of("b", "c"))).isEqualTo(-1);
    }

    @Test
    void shouldRefuseAProfileWithoutEvents() {
        assertThatThrownBy(() -> SegmentFeatures.of(UserProfile.empty("u"), Instant.EPOCH, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a profile without events has no segment features");
    }
}
