package io.profilestream.recommender.ranking;

import static io.profilestream.recommender.catalogue.Items.item;
import static io.profilestream.recommender.catalogue.Items.outOfStock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.config.RecommenderSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AffinityPopularityRankerTest {

    static final Duration DAY = Duration.ofDays(1);
    static final Instant T = Instant.parse("2025-03-01T00:00:00Z");
    static final Offset<Double> EXACT = within(1e-12);

    final CatalogueIndex index = new CatalogueIndex(DAY);
    final AffinityPopularityRanker ranker = new AffinityPopularityRanker(index,
            RankingWeights.from(RecommenderSettings.defaults()));

    /** Category shares phones 0.75 / books 0.25; brand shares acme 0.8 / zeta 0.2; bought p4. */
    static UserProfile profile(List<String> purchased) {
        return new UserProfile("user-key", 10, Map.of(),
                new DecayedScores(T, Map.of("phones", 3.0, "books", 1.0)),
                new DecayedScores(T, Map.of("acme", 4.0, "zeta", 1.0)),
                PriceBand.empty(), Rfm.empty(), 1, null, List.of(), purchased, T, T);
    }

    @BeforeEach
    void catalogue() {
        index.upsert(item("p1", "phones", "acme", 10, T));
        index.upsert(item("p2", "phones", "zeta", 8, T));
        index.upsert(outOfStock(item("p3", "phones", "acme", 40, T)));
        index.upsert(item("p4", "phones", "acme", 6, T));
        index.upsert(item("b1", "books", "penguin", 5, T));
        // 18 one half-life before T: 9 at any instant where p1 is 10.
        index.upsert(item("g1", "garden", null, 18, T.minus(DAY)));
    }

    static void assertRanked(RankedItem actual, String itemId, double score, double category, double brand,
                             double popularity) {
        assertThat(actual.item().itemId()).isEqualTo(itemId);
        assertThat(actual.score()).as("score of %s", itemId).isCloseTo(score, EXACT);
        assertThat(actual.categoryAffinity()).as("category affinity of %s", itemId).isCloseTo(category, EXACT);
        assertThat(actual.brandAffinity()).as("brand affinity of %s", itemId).isCloseTo(brand, EXACT);
        assertThat(actual.popularity()).as("popularity of %s", itemId).isCloseTo(popularity, EXACT);
    }

    @Test
    void shouldRankByAffinityWeightedPopularityExcludingPurchasedAndOutOfStockItems() {
        Ranking ranking = ranker.rank(profile(List.of("p4")), 20);

        assertThat(ranking.strategy()).isEqualTo("affinity-popularity");
        assertThat(ranking.fallback()).isFalse();
        assertThat(ranking.items()).extracting(r -> r.item().itemId()).containsExactly("p1", "p2", "b1", "g1");
        List<RankedItem> items = ranking.items();
        assertRanked(items.get(0), "p1", (0.75 + 0.5 * 0.8 + 0.05) * 1.0, 0.75, 0.8, 1.0);
        assertRanked(items.get(1), "p2", (0.75 + 0.5 * 0.2 + 0.05) * 0.8, 0.75, 0.2, 0.8);
        assertRanked(items.get(2), "b1", (0.25 + 0.05) * 0.5, 0.25, 0.0, 0.5);
        assertRanked(items.get(3), "g1", 0.05 * 0.9, 0.0, 0.0, 0.9);
        assertThat(items.get(0).score()).isCloseTo(1.2, EXACT);
        assertThat(items.get(1).score()).isCloseTo(0.72, EXACT);
    }

    @Test
    void shouldReturnOnlyTheTopK() {
        Ranking ranking = ranker.rank(profile(List.of("p4")), 2);

        assertThat(ranking.items()).extracting(r -> r.item().itemId()).containsExactly("p1", "p2");
    }

    @Test
    void shouldFallBackToPopularInStockItemsForAnUnknownUser() {
        Ranking ranking = ranker.rank(null, 20);

        assertThat(ranking.strategy()).isEqualTo("popular");
        assertThat(ranking.fallback()).isTrue();
        assertThat(ranking.items()).extracting(r -> r.item().itemId()).containsExactly("p1", "g1", "p2", "p4", "b1");
        assertRanked(ranking.items().get(0), "p1", 1.0, 0.0, 0.0, 1.0);
        assertRanked(ranking.items().get(1), "g1", 0.9, 0.0, 0.0, 0.9);
        assertRanked(ranking.items().get(3), "p4", 0.6, 0.0, 0.0, 0.6);
    }

    @Test
    void shouldTakeCandidatesOnlyFromTheUsersTopCategoriesAndTheGlobalList() {
        AffinityPopularityRanker narrow = new AffinityPopularityRanker(index, new RankingWeights(1.0, 0.5, 0.05, 1, 1));

        Ranking ranking = narrow.rank(profile(List.of()), 2);

        // phones (the top category) gives p1, the global list (k = 2 long) p1 and g1; p2 would
        // outscore g1 but is in neither list.
        assertThat(ranking.items()).extracting(r -> r.item().itemId()).containsExactly("p1", "g1");
    }

    @Test
    void shouldBreakScoreTiesByItemId() {
        index.replaceAll(List.of(item("b", "phones", "acme", 10, T), item("a", "phones", "acme", 10, T)));

        Ranking ranking = ranker.rank(profile(List.of()), 20);

        assertThat(ranking.items()).extracting(r -> r.item().itemId()).containsExactly("a", "b");
    }

    @Test
    void shouldScoreAUserWithoutInterestsByExplorationTimesPopularity() {
        UserProfile blank = UserProfile.empty("user-key");

        Ranking ranking = ranker.rank(blank, 1);

        assertThat(ranking.strategy()).isEqualTo("affinity-popularity");
        assertRanked(ranking.items().get(0), "p1", 0.05, 0.0, 0.0, 1.0);
    }

    @Test
    void shouldReturnNothingFromAnEmptyCatalogue() {
        index.replaceAll(List.<CatalogueItem>of());

        assertThat(ranker.rank(profile(List.of()), 20).items()).isEmpty();
        assertThat(ranker.rank(null, 20).items()).isEmpty();
    }

    @Test
    void shouldGiveZeroPopularityWhenNoCandidateWasEverTouched() {
        index.replaceAll(List.of(item("a", "phones", "acme", 0, null)));

        Ranking ranking = ranker.rank(profile(List.of()), 20);

        assertRanked(ranking.items().get(0), "a", 0.0, 0.75, 0.8, 0.0);
    }

    @Test
    void shouldRefuseANonPositiveK() {
        assertThatThrownBy(() -> ranker.rank(null, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("k must be positive, got 0");
    }
}
