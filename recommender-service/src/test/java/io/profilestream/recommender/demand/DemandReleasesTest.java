package io.profilestream.recommender.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.dp.DpReleaser;
import io.profilestream.model.dp.InMemoryPrivacyBudgetLedger;
import io.profilestream.model.dp.LedgerEntry;
import io.profilestream.model.dp.PrivacyBudgetExhaustedException;
import io.profilestream.model.dp.PrivacyNote;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Differentially private demand releases: what is charged, with which sensitivity, and that released hours are kept. */
class DemandReleasesTest {

    static final Instant FROM = Instant.parse("2025-03-13T12:00:00Z");
    static final DemandSettings SETTINGS = new DemandSettings(5, Duration.ofHours(1), Duration.ofDays(35), 2, 48, true, null, 0);

    final InMemoryPrivacyBudgetLedger ledger = new InMemoryPrivacyBudgetLedger(0.25, Duration.ofDays(1),
            Clock.fixed(Instant.parse("2025-03-15T12:00:00Z"), ZoneOffset.UTC));
    final DemandReleases releases = new DemandReleases(SETTINGS, new DpReleaser(ledger, new Random(42)), 0.1);

    /** {@code hours} hours of exact counts starting {@code offset} hours after FROM. */
    static List<DemandResponse.Hour> exact(int offset, int hours) {
        List<DemandResponse.Hour> out = new ArrayList<>();
        for (int i = offset; i < offset + hours; i++) {
            out.add(new DemandResponse.Hour(FROM.plus(Duration.ofHours(i)), 100 + i, 10, 1));
        }
        return out;
    }

    @Test
    void shouldReleaseTheWholeHistoryOnceWithTheSensitivityOfAllItsCells() {
        DemandReleases.Released first = releases.release(DemandKind.CATEGORY, "phones", exact(0, 48));

        assertThat(ledger.entries()).extracting(LedgerEntry::releaseName, LedgerEntry::epsilon)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("demand-category:phones", new BigDecimal("0.1")));
        // 3 measures x cap 5 x 48 hours: one user active in every hour changes the cells by 720 in total.
        PrivacyNote note = first.privacy().releases().get(0);
        assertThat(note.sensitivity()).isEqualTo(720);
        assertThat(note.epsilon()).isEqualTo(0.1);
        assertThat(note.noiseScale()).isEqualTo(7200.0);
        assertThat(first.privacy().mechanism()).isEqualTo("discrete-laplace");
        assertThat(first.hours()).hasSize(48).allSatisfy(h -> assertThat(h.views()).isNotNegative());
        assertThat(first.hours()).extracting(DemandResponse.Hour::hour)
                .containsExactlyElementsOf(exact(0, 48).stream().map(DemandResponse.Hour::hour).toList());
    }

    @Test
    void shouldServeReleasedHoursAgainWithoutChargingAndReleaseOnlyNewHours() {
        DemandReleases.Released first = releases.release(DemandKind.ITEM, "sku-1", exact(0, 48));

        DemandReleases.Released again = releases.release(DemandKind.ITEM, "sku-1", exact(0, 48));
        DemandReleases.Released nextHour = releases.release(DemandKind.ITEM, "sku-1", exact(1, 48));

        assertThat(again.hours()).isEqualTo(first.hours());
        // The next hour: 47 hours kept, one new hour released with sensitivity 3 x 5 x 1.
        assertThat(nextHour.hours().subList(0, 47)).isEqualTo(first.hours().subList(1, 48));
        assertThat(ledger.entries()).hasSize(2);
        assertThat(nextHour.privacy().releases()).extracting(PrivacyNote::sensitivity).containsExactly(720L, 15L);
        assertThat(nextHour.privacy().note()).contains("the hours shown cost epsilon 0.2 in 2 release(s)");
    }

    @Test
    void shouldRefuseAnItemReleaseThatWouldTakeWhatTheHourlyCategoryReleasesStillNeed() {
        // Budget 0.25; 0.1 spent by a first item release; 0.06 reserved: 0.1 + 0.06 + 0.1 > 0.25.
        DemandReleases sharing = new DemandReleases(SETTINGS, new DpReleaser(ledger, new Random(42)), 0.1, () -> 0.06);
        sharing.release(DemandKind.ITEM, "sku-1", exact(0, 48));

        assertThatThrownBy(() -> sharing.release(DemandKind.ITEM, "sku-2", exact(0, 48)))
                .isInstanceOf(PrivacyBudgetExhaustedException.class)
                .hasMessage("privacy budget exhausted: release 'demand-item:sku-2' requests epsilon 0.1 but of the "
                        + "budget of 0.25 per PT24H 0.1 is spent and 0.06 is reserved for the hourly category demand "
                        + "releases until the period ends (0.09 left); the budget resets at 2025-03-16T00:00:00Z")
                .extracting(e -> ((PrivacyBudgetExhaustedException) e).reserved()).isEqualTo(0.06);
        assertThat(ledger.entries()).extracting(LedgerEntry::releaseName).containsExactly("demand-item:sku-1");
        // With less reserved the same release fits.
        DemandReleases lighter = new DemandReleases(SETTINGS, new DpReleaser(ledger, new Random(42)), 0.1, () -> 0.05);
        lighter.release(DemandKind.ITEM, "sku-2", exact(0, 48));
        assertThat(ledger.entries()).extracting(LedgerEntry::releaseName)
                .containsExactly("demand-item:sku-1", "demand-item:sku-2");
    }

    @Test
    void shouldRefuseAReleaseOverTheBudgetAndReleaseNothing() {
        releases.release(DemandKind.CATEGORY, "a", exact(0, 48));
        releases.release(DemandKind.CATEGORY, "b", exact(0, 48));

        assertThatThrownBy(() -> releases.release(DemandKind.CATEGORY, "c", exact(0, 48)))
                .isInstanceOf(PrivacyBudgetExhaustedException.class);
        assertThat(ledger.entries()).hasSize(2);
        // Keys already released are still served.
        assertThat(releases.release(DemandKind.CATEGORY, "a", exact(0, 48)).hours()).hasSize(48);
    }

    @Test
    void shouldReleaseExactCountsWhenPrivacyIsOff() {
        DemandReleases.Released released = DemandReleases.exact(SETTINGS).release(DemandKind.ITEM, "sku-1", exact(0, 2));

        assertThat(released.hours()).isEqualTo(exact(0, 2));
        assertThat(released.privacy().mechanism()).isEqualTo("none");
        assertThat(released.privacy().releases()).isEmpty();
    }
}
