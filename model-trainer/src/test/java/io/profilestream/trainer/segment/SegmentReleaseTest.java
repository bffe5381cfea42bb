package io.profilestream.trainer.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.ml.segment.SegmentDescription;
import io.profilestream.model.dp.DpReleaser;
import io.profilestream.model.dp.InMemoryPrivacyBudgetLedger;
import io.profilestream.model.dp.LedgerEntry;
import io.profilestream.model.dp.PrivacyBudgetExhaustedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SegmentReleaseTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T10:00:00Z"), ZoneOffset.UTC);
    private static final List<String> CATEGORIES = List.of("a", "b");

    /**
     * Segment 0: three users with top category a, one with an unlisted one; cheap, light, low churn.
     * Segment 1: two users with top category b; expensive, heavy, high churn.
     */
    private static final List<SegmentRelease.Member> MEMBERS = List.of(
            new SegmentRelease.Member(0, 0, 1, 0, 0),
            new SegmentRelease.Member(0, 0, 1, 0, 0),
            new SegmentRelease.Member(0, 0, 1, 1, 1),
            new SegmentRelease.Member(0, -1, 0, 0, 0),
            new SegmentRelease.Member(1, 1, 3, 2, 2),
            new SegmentRelease.Member(1, 1, 3, 2, 2));

    private static DpReleaser releaser(InMemoryPrivacyBudgetLedger ledger) {
        return new DpReleaser(ledger, new SplittableRandom(7));
    }

    @Test
    void shouldChargeTheLedgerExactlyOncePerHistogram() {
        InMemoryPrivacyBudgetLedger ledger = new InMemoryPrivacyBudgetLedger(1.0, Duration.ofDays(1), CLOCK);

        SegmentRelease.Result result = SegmentRelease.release(releaser(ledger), 2, CATEGORIES, MEMBERS, true, 0.1);

        assertThat(ledger.entries()).extracting(LedgerEntry::releaseName).containsExactly(SegmentRelease.SIZES,
                SegmentRelease.TOP_CATEGORIES, SegmentRelease.PRICE_BANDS, SegmentRelease.ACTIVITY, SegmentRelease.CHURN);
        assertThat(ledger.spent()).isEqualTo(0.5);
        assertThat(result.notes().keySet()).containsExactly(SegmentRelease.SIZES, SegmentRelease.TOP_CATEGORIES,
                SegmentRelease.PRICE_BANDS, SegmentRelease.ACTIVITY, SegmentRelease.CHURN);
        assertThat(result.notes().get(SegmentRelease.TOP_CATEGORIES).sensitivity()).isEqualTo(1);
        assertThat(result.notes().get(SegmentRelease.TOP_CATEGORIES).noiseScale()).isEqualTo(10.0);
    }

    @Test
    void shouldNotReleaseChurnLevelsWithoutAChurnModel() {
        InMemoryPrivacyBudgetLedger ledger = new InMemoryPrivacyBudgetLedger(1.0, Duration.ofDays(1), CLOCK);

        SegmentRelease.Result result = SegmentRelease.release(releaser(ledger), 2, CATEGORIES, MEMBERS, false, 0.25);

        assertThat(ledger.entries()).hasSize(4);
        assertThat(ledger.spent()).isEqualTo(1.0);
        assertThat(result.segments()).extracting(SegmentDescription::churnLevel).containsExactly("unknown", "unknown");
    }

    @Test
    void shouldRefuseTheReleaseThatNoLongerFitsTheBudgetAndChargeNothingForIt() {
        InMemoryPrivacyBudgetLedger ledger = new InMemoryPrivacyBudgetLedger(0.25, Duration.ofDays(1), CLOCK);

        assertThatThrownBy(() -> SegmentRelease.release(releaser(ledger), 2, CATEGORIES, MEMBERS, false, 0.1))
                .isInstanceOf(PrivacyBudgetExhaustedException.class)
                .hasMessageStartingWith("privacy budget exhausted: release 'segment-price-bands' requests epsilon 0.1 "
                        + "but 0.2 of the budget of 0.25 per PT24H is spent");
        assertThat(ledger.entries()).extracting(LedgerEntry::releaseName)
                .containsExactly(SegmentRelease.SIZES, SegmentRelease.TOP_CATEGORIES);
    }

    @Test
    void shouldDescribeSegmentsFromTheNoisyCountsWhichAreExactAtAHugeEpsilon() {
        // At epsilon 1000 the discrete Laplace noise is 0 with probability 1 - 2e^-1000: the counts are exact.
        InMemoryPrivacyBudgetLedger ledger = new InMemoryPrivacyBudgetLedger(5000, Duration.ofDays(1), CLOCK);

        SegmentRelease.Result result = SegmentRelease.release(releaser(ledger), 2, CATEGORIES, MEMBERS, true, 1000);

        assertThat(result.segments()).containsExactly(
                new SegmentDescription(0, 4, List.of("a"), "low", "low", "light",
                        "about 4 users; top categories a; price band low; churn risk low; activity light"),
                new SegmentDescription(1, 2, List.of("b"), "high", "high", "heavy",
                        "about 2 users; top categories b; price band high; churn risk high; activity heavy"));
    }

    @Test
    void shouldPutUsersInLevelsByThePublicEdges() {
        assertThat(List.of(SegmentRelease.priceLevel(false, 50, 20, 100), SegmentRelease.priceLevel(true, 19.99, 20, 100),
                SegmentRelease.priceLevel(true, 20, 20, 100), SegmentRelease.priceLevel(true, 100, 20, 100)))
                .containsExactly(0, 1, 2, 3);
        assertThat(List.of(SegmentRelease.activityLevel(9, 10, 100), SegmentRelease.activityLevel(10, 10, 100),
                SegmentRelease.activityLevel(100, 10, 100))).containsExactly(0, 1, 2);
        assertThat(List.of(SegmentRelease.churnLevel(0.3), SegmentRelease.churnLevel(0.5), SegmentRelease.churnLevel(0.7)))
                .containsExactly(0, 1, 2);
    }
}
