package io.profilestream.profileupdater.profile;

import static io.profilestream.model.event.EventType.ADD_TO_CART;
import static io.profilestream.model.event.EventType.PURCHASE;
import static io.profilestream.model.event.EventType.RATING;
import static io.profilestream.model.event.EventType.REMOVE_FROM_CART;
import static io.profilestream.model.event.EventType.REVIEW;
import static io.profilestream.model.event.EventType.SEARCH;
import static io.profilestream.model.event.EventType.VIEW;
import static io.profilestream.profileupdater.profile.TestEvents.ALICE;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileFolderTest {

    private final ProfileFolder folder = new ProfileFolder(ProfileSettings.defaults());

    private static Instant t(Duration offset) {
        return T0.plus(offset);
    }

    private UserProfile foldAll(ProfileFolder f, TestEvents... events) {
        UserProfile profile = null;
        for (TestEvents e : events) {
            profile = f.apply(profile, e.build());
        }
        return profile;
    }

    private UserProfile foldAll(TestEvents... events) {
        return foldAll(folder, events);
    }

    @Test
    void shouldStartAnUnknownUserFromTheEventsUserKey() {
        UserProfile profile = folder.apply(null, event(VIEW, T0).item("i1").build());

        assertThat(profile.userKey()).isEqualTo(ALICE);
        assertThat(profile.eventCount()).isEqualTo(1);
        assertThat(profile.counts()).isEqualTo(Map.of(VIEW, 1L));
        assertThat(profile.firstEventTime()).isEqualTo(T0);
        assertThat(profile.lastEventTime()).isEqualTo(T0);
    }

    @Test
    void shouldCountEventsPerTypeAndInTotal() {
        UserProfile profile = foldAll(
                event(VIEW, T0).item("i1"),
                event(VIEW, T0).item("i2"),
                event(SEARCH, T0).query("shoes"),
                event(ADD_TO_CART, T0).item("i1"),
                event(REMOVE_FROM_CART, T0).item("i1"),
                event(PURCHASE, T0).item("i2"),
                event(REVIEW, T0).item("i2"),
                event(RATING, T0).item("i2").rating(4));

        assertThat(profile.eventCount()).isEqualTo(8);
        assertThat(profile.counts()).containsExactly(
                Map.entry(VIEW, 2L), Map.entry(SEARCH, 1L), Map.entry(ADD_TO_CART, 1L), Map.entry(REMOVE_FROM_CART, 1L),
                Map.entry(PURCHASE, 1L), Map.entry(REVIEW, 1L), Map.entry(RATING, 1L));
    }

    @Test
    void shouldNotModifyThePreviousProfile() {
        UserProfile first = folder.apply(null, event(VIEW, T0).item("i1").category("a").build());

        UserProfile second = folder.apply(first, event(PURCHASE, T0).item("i2").category("a").price("5.00", "EUR").build());

        assertThat(first.eventCount()).isEqualTo(1);
        assertThat(first.counts()).isEqualTo(Map.of(VIEW, 1L));
        assertThat(first.recentItems()).containsExactly("i1");
        assertThat(second.eventCount()).isEqualTo(2);
    }

    @Test
    void shouldKeepEarliestFirstEventTimeAndLatestLastEventTimeWhateverTheArrivalOrder() {
        UserProfile profile = foldAll(
                event(VIEW, t(Duration.ofHours(1))).item("i1"),
                event(VIEW, t(Duration.ofHours(3))).item("i2"),
                event(VIEW, t(Duration.ofHours(2))).item("i3"),
                event(VIEW, T0).item("i4"));

        assertThat(profile.firstEventTime()).isEqualTo(T0);
        assertThat(profile.lastEventTime()).isEqualTo(t(Duration.ofHours(3)));
    }

    @Test
    void shouldHalveAnInterestAfterOneHalfLife() {
        UserProfile profile = foldAll(
                event(VIEW, T0).item("i1").category("a"),
                event(VIEW, t(Duration.ofDays(7))).item("i2").category("a"));

        assertThat(profile.categoryAffinity()).isEqualTo(new DecayedScores(t(Duration.ofDays(7)), Map.of("a", 1.5)));
    }

    @Test
    void shouldDecayAnOutOfOrderEventItselfInsteadOfMovingTheProfileBack() {
        UserProfile profile = foldAll(
                event(VIEW, t(Duration.ofDays(14))).item("i1").category("a").brand("x"),
                event(VIEW, t(Duration.ofDays(7))).item("i2").category("b").brand("x"),
                event(PURCHASE, T0).item("i3").category("c").brand("y"));

        Instant asOf = t(Duration.ofDays(14));
        assertThat(profile.categoryAffinity()).isEqualTo(new DecayedScores(asOf, Map.of("a", 1.0, "b", 0.5, "c", 1.25)));
        assertThat(profile.brandAffinity()).isEqualTo(new DecayedScores(asOf, Map.of("x", 1.5, "y", 1.25)));
    }

    @Test
    void shouldWeighEachEventTypeByTheDefaultWeights() {
        UserProfile profile = foldAll(
                event(VIEW, T0).item("i1").category("view"),
                event(SEARCH, T0).query("q").category("search"),
                event(ADD_TO_CART, T0).item("i1").category("cart"),
                event(PURCHASE, T0).item("i1").category("purchase"),
                event(REVIEW, T0).item("i1").category("review"),
                event(RATING, T0).item("i1").category("rating5").rating(5),
                event(RATING, T0).item("i1").category("rating3").rating(3));

        assertThat(profile.categoryAffinity().scores()).isEqualTo(Map.of(
                "view", 1.0, "search", 0.5, "cart", 3.0, "purchase", 5.0, "review", 2.0, "rating5", 2.5, "rating3", 0.5));
    }

    @Test
    void shouldAddNoAffinityForRemovalsLowRatingsOrSearchesWithoutCategory() {
        UserProfile profile = foldAll(
                event(REMOVE_FROM_CART, T0).item("i1").category("a").brand("x"),
                event(RATING, T0).item("i1").category("a").brand("x").rating(1),
                event(RATING, T0).item("i1").category("a").brand("x").rating(2),
                event(RATING, T0).item("i1").category("a").brand("x"),
                event(SEARCH, T0).query("anything"));

        assertThat(profile.categoryAffinity()).isEqualTo(DecayedScores.empty());
        assertThat(profile.brandAffinity()).isEqualTo(DecayedScores.empty());
        assertThat(profile.eventCount()).isEqualTo(5);
    }

    @Test
    void shouldUseConfiguredWeights() {
        ProfileSettings.Weights weights = new ProfileSettings.Weights(2.0, 0.0, 3.0, 1.0, 5.0, 2.0, 4.0);
        ProfileFolder custom = new ProfileFolder(new ProfileSettings(Duration.ofDays(7), 50, Duration.ofMinutes(30), 20, 200,
                weights, 50, ProfileSettings.DEFAULT_RETENTION, Set.of(), ProfileSettings.DEFAULT_EXPIRY_SWEEP_INTERVAL,
                ProfileSettings.OpenedCache.defaults()));

        UserProfile profile = foldAll(custom,
                event(VIEW, T0).item("i1").category("a"),
                event(SEARCH, T0).query("q").category("b"),
                event(REMOVE_FROM_CART, T0).item("i1").category("c"),
                event(RATING, T0).item("i1").category("d").rating(5),
                event(RATING, T0).item("i1").category("e").rating(4));

        assertThat(profile.categoryAffinity().scores()).isEqualTo(Map.of("a", 2.0, "c", 1.0, "d", 1.0));
    }

    @Test
    void shouldKeepOnlyTheStrongestAffinitiesWhenBounded() {
        ProfileFolder bounded = new ProfileFolder(new ProfileSettings(Duration.ofDays(7), 2, Duration.ofMinutes(30), 20, 200,
                ProfileSettings.Weights.defaults(), 50,
                ProfileSettings.DEFAULT_RETENTION, Set.of(), ProfileSettings.DEFAULT_EXPIRY_SWEEP_INTERVAL,
                ProfileSettings.OpenedCache.defaults()));

        UserProfile profile = foldAll(bounded,
                event(PURCHASE, T0).item("i1").category("a").brand("x"),
                event(VIEW, T0).item("i2").category("b").brand("y"),
                event(ADD_TO_CART, T0).item("i3").category("c").brand("z"));

        assertThat(profile.categoryAffinity().scores()).isEqualTo(Map.of("a", 5.0, "c", 3.0));
        assertThat(profile.brandAffinity().scores()).isEqualTo(Map.of("x", 5.0, "z", 3.0));
    }

    @Test
    void shouldBuildThePriceBandFromViewedCartedAndPurchasedPricesOnly() {
        UserProfile profile = foldAll(
                event(VIEW, T0).item("i1").price("100.00", "EUR"),
                event(ADD_TO_CART, T0).item("i1").price("100.00", "EUR"),
                event(PURCHASE, T0).item("i1").price("100.00", "EUR"),
                event(REMOVE_FROM_CART, T0).item("i2").price("1.00", "EUR"),
                event(REVIEW, T0).item("i3").price("5000.00", "EUR"),
                event(VIEW, T0).item("i4"));

        assertThat(profile.priceBand()).isEqualTo(new PriceBand(3, Math.log(100.0), 0.0));
        assertThat(profile.priceBand().typical()).isCloseTo(100.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldAddPurchasesToRfmWithExactSpendPerCurrency() {
        UserProfile profile = foldAll(
                event(PURCHASE, t(Duration.ofDays(2))).item("i1").price("19.99", "EUR").quantity(2),
                event(PURCHASE, T0).item("i2").price("5.00", "EUR"),
                event(PURCHASE, t(Duration.ofDays(1))).item("i3").price("10.50", "USD").quantity(3),
                event(PURCHASE, t(Duration.ofDays(1))).item("i4"),
                event(VIEW, t(Duration.ofDays(3))).item("i5").price("999.00", "EUR"));

        assertThat(profile.rfm()).isEqualTo(new Rfm(t(Duration.ofDays(2)), 4, 7,
                Map.of("EUR", new BigDecimal("44.98"), "USD", new BigDecimal("31.50"))));
    }

    @Test
    void shouldCountANewSessionWheneverTheSessionKeyChanges() {
        UserProfile profile = foldAll(
                event(VIEW, T0).item("i1").session("s1"),
                event(VIEW, t(Duration.ofMinutes(1))).item("i2").session("s1"),
                event(VIEW, t(Duration.ofMinutes(2))).item("i3").session("s2"),
                // Far beyond the gap, but the shop says it is the same session.
                event(VIEW, t(Duration.ofHours(5))).item("i4").session("s2"),
                event(VIEW, t(Duration.ofHours(6))).item("i5").session("s1"));

        assertThat(profile.sessionCount()).isEqualTo(3);
        assertThat(profile.lastSessionKey()).isEqualTo("s1");
    }

    @Test
    void shouldStartANewKeylessSessionOnlyAfterMoreThanTheGap() {
        UserProfile profile = foldAll(
                event(VIEW, T0).item("i1"),
                event(VIEW, t(Duration.ofMinutes(30))).item("i2"),
                event(VIEW, t(Duration.ofMinutes(61))).item("i3"),
                // Out of order and inside the known time range: not a new session.
                event(VIEW, t(Duration.ofMinutes(10))).item("i4"));

        assertThat(profile.sessionCount()).isEqualTo(2);
        assertThat(profile.lastSessionKey()).isNull();
    }

    @Test
    void shouldForgetTheSessionKeyWhenAKeylessSessionStarts() {
        UserProfile profile = foldAll(
                event(VIEW, T0).item("i1").session("s1"),
                event(VIEW, t(Duration.ofMinutes(10))).item("i2"));
        assertThat(profile.sessionCount()).isEqualTo(1);
        assertThat(profile.lastSessionKey()).isEqualTo("s1");

        UserProfile later = folder.apply(profile, event(VIEW, t(Duration.ofHours(2))).item("i3").build());
        assertThat(later.sessionCount()).isEqualTo(2);
        assertThat(later.lastSessionKey()).isNull();

        UserProfile back = folder.apply(later, event(VIEW, t(Duration.ofHours(2).plusMinutes(1))).item("i4").session("s1").build());
        assertThat(back.sessionCount()).isEqualTo(3);
        assertThat(back.lastSessionKey()).isEqualTo("s1");
    }

    @Test
    void shouldKeepRecentItemsDistinctMostRecentFirstAndBounded() {
        ProfileFolder small = new ProfileFolder(new ProfileSettings(Duration.ofDays(7), 50, Duration.ofMinutes(30), 3, 2,
                ProfileSettings.Weights.defaults(), 50,
                ProfileSettings.DEFAULT_RETENTION, Set.of(), ProfileSettings.DEFAULT_EXPIRY_SWEEP_INTERVAL,
                ProfileSettings.OpenedCache.defaults()));

        UserProfile profile = foldAll(small,
                event(VIEW, T0).item("i1"),
                event(VIEW, T0).item("i2"),
                event(ADD_TO_CART, T0).item("i1"),
                event(SEARCH, T0).query("no item"),
                event(VIEW, T0).item("i3"),
                event(REMOVE_FROM_CART, T0).item("i4"));

        assertThat(profile.recentItems()).containsExactly("i4", "i3", "i1");
        assertThat(profile.purchasedItems()).isEmpty();
    }

    @Test
    void shouldKeepPurchasedItemsDistinctMostRecentFirstAndBounded() {
        ProfileFolder small = new ProfileFolder(new ProfileSettings(Duration.ofDays(7), 50, Duration.ofMinutes(30), 3, 2,
                ProfileSettings.Weights.defaults(), 50,
                ProfileSettings.DEFAULT_RETENTION, Set.of(), ProfileSettings.DEFAULT_EXPIRY_SWEEP_INTERVAL,
                ProfileSettings.OpenedCache.defaults()));

        UserProfile profile = foldAll(small,
                event(PURCHASE, T0).item("p1"),
                event(VIEW, T0).item("v1"),
                event(PURCHASE, T0).item("p2"),
                event(PURCHASE, T0).item("p1"),
                event(ADD_TO_CART, T0).item("c1"),
                event(PURCHASE, T0).item("p3"));

        assertThat(profile.purchasedItems()).containsExactly("p3", "p1");
        assertThat(profile.recentItems()).containsExactly("p3", "c1", "p1");
    }

    @Test
    void shouldFoldAWholeShoppingTripIntoTheExactProfile() {
        UserProfile profile = foldAll(
                event(SEARCH, T0).session("s1").query("running shoes").category("shoes"),
                event(VIEW, t(Duration.ofMinutes(1))).session("s1").item("i1").category("shoes").brand("acme").price("80.00", "EUR"),
                event(PURCHASE, t(Duration.ofMinutes(2))).session("s1").item("i1").category("shoes").brand("acme")
                        .price("80.00", "EUR").quantity(1));

        // Each later event decays the scores so far by 2^(-1min/7d), in this order of operations.
        double f = DecayedScores.decayFactor(Duration.ofMinutes(1), Duration.ofDays(7));
        double shoes = (0.5 * f + 1.0) * f + 5.0;
        double acme = 1.0 * f + 5.0;
        assertThat(profile).isEqualTo(new UserProfile(ALICE, 3, Map.of(SEARCH, 1L, VIEW, 1L, PURCHASE, 1L),
                new DecayedScores(t(Duration.ofMinutes(2)), Map.of("shoes", shoes)),
                new DecayedScores(t(Duration.ofMinutes(2)), Map.of("acme", acme)),
                new PriceBand(2, Math.log(80.0), 0.0),
                new Rfm(t(Duration.ofMinutes(2)), 1, 1, Map.of("EUR", new BigDecimal("80.00"))),
                1, "s1", List.of("i1"), List.of("i1"), T0, t(Duration.ofMinutes(2))));
        assertThat(shoes).isBetween(6.49, 6.5);
    }

    @Test
    void shouldRejectAnEventWithoutTypeOrTime() {
        CleanEvent noTime = new CleanEvent(1, "e", ALICE, "k1", null, VIEW, "i1", null, null, null, null, null, null, null, null, null);
        CleanEvent noType = new CleanEvent(1, "e", ALICE, "k1", null, null, "i1", null, null, null, null, null, null, null, null, T0);

        assertThatNullPointerException().isThrownBy(() -> folder.apply(null, noTime)).withMessage("event.eventTime");
        assertThatNullPointerException().isThrownBy(() -> folder.apply(null, noType)).withMessage("event.type");
    }

    @Test
    void shouldCarryTheNeuralStateOverUntouchedBecauseTheNeuralStepOwnsIt() {
        NeuralState neural = new NeuralState("v1", "s1", List.of("i1"), 1, new float[]{0.25f, -0.5f}, new float[]{1f, 2f});
        UserProfile before = folder.apply(null, event(VIEW, T0).session("s1").item("i1").build()).withNeural(neural);

        UserProfile after = folder.apply(before, event(VIEW, t(Duration.ofMinutes(1))).session("s2").item("i2").build());

        assertThat(after.neural()).isSameAs(neural);
        assertThat(after.eventCount()).isEqualTo(2);
        assertThat(after.lastSessionKey()).isEqualTo("s2");
    }
}
