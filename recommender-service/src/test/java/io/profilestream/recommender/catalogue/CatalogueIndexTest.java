package io.profilestream.recommender.catalogue;

import static io.profilestream.recommender.catalogue.Items.item;
import static io.profilestream.recommender.catalogue.Items.outOfStock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.profilestream.model.catalogue.CatalogueItem;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogueIndexTest {

    static final Duration DAY = Duration.ofDays(1);
    static final Instant T = Instant.parse("2025-03-01T00:00:00Z");

    final CatalogueIndex index = new CatalogueIndex(DAY);

    static List<String> ids(List<CatalogueItem> items) {
        return items.stream().map(CatalogueItem::itemId).toList();
    }

    @Test
    void shouldOrderItemsUpdatedAtDifferentTimesByTheirPopularityAtACommonInstant() {
        // At T: a = 10, b = 30 halved twice = 7.5, c = 3 doubled back one day = 6, d = 100 after 5 half-lives = 3.125.
        List<CatalogueItem> items = List.of(
                item("c", "x", null, 3, T.plus(DAY)),
                item("a", "x", null, 10, T),
                item("d", "x", null, 100, T.minus(DAY.multipliedBy(5))),
                item("b", "x", null, 30, T.minus(DAY.multipliedBy(2))));
        items.forEach(index::upsert);

        for (Instant now : List.of(T, T.plus(DAY.multipliedBy(7)), T.minus(DAY.multipliedBy(3)))) {
            List<String> byDecayedPopularity = items.stream()
                    .sorted(Comparator.comparingDouble((CatalogueItem i) -> index.popularityAt(i, now)).reversed())
                    .map(CatalogueItem::itemId).toList();
            assertThat(ids(index.topPopular(4))).isEqualTo(byDecayedPopularity).containsExactly("a", "b", "c", "d");
        }
        assertThat(index.popularityAt(items.get(3), T)).isEqualTo(7.5);
        assertThat(index.popularityAt(items.get(0), T)).isEqualTo(6.0);
    }

    @Test
    void shouldUseLogScorePlusScaledAsOfAsTheRankKey() {
        CatalogueItem a = item("a", "x", null, 10, T);

        assertThat(index.rankKey(a)).isEqualTo(Math.log(10) + T.toEpochMilli() * Math.log(2) / DAY.toMillis());
        assertThat(index.rankKey(item("z", "x", null, 0, T))).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(index.rankKey(item("n", "x", null, 5, null))).isEqualTo(Double.NEGATIVE_INFINITY);
        // Key differences are log ratios of current popularity: 20 one day earlier equals 10 now.
        assertThat(index.rankKey(item("b", "x", null, 20, T.minus(DAY))) - index.rankKey(a)).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void shouldMoveAnUpdatedItemInsteadOfListingItTwice() {
        index.upsert(item("a", "phones", null, 10, T));
        index.upsert(item("b", "phones", null, 5, T));
        index.upsert(item("a", "phones", null, 1, T.plusSeconds(60)));

        assertThat(ids(index.topPopular(10))).containsExactly("b", "a");
        assertThat(ids(index.topPopular("phones", 10))).containsExactly("b", "a");
        assertThat(index.get("a")).contains(item("a", "phones", null, 1, T.plusSeconds(60)));
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void shouldListTheCategoriesThatHaveItemsSorted() {
        index.upsert(item("a", "phones", null, 10, T));
        index.upsert(item("b", "books", null, 5, T));
        index.upsert(item("c", "garden", null, 5, T));
        index.upsert(item("c", "books", null, 5, T));
        index.upsert(item("d", null, null, 5, T));

        // garden lost its only item; an item without category adds none.
        assertThat(index.categories()).containsExactly("books", "phones");
    }

    @Test
    void shouldMoveAnItemBetweenCategoriesWhenItsCategoryChanges() {
        index.upsert(item("a", "phones", null, 10, T));
        index.upsert(item("a", "books", null, 10, T));

        assertThat(index.topPopular("phones", 10)).isEmpty();
        assertThat(ids(index.topPopular("books", 10))).containsExactly("a");
        assertThat(ids(index.topPopular(10))).containsExactly("a");
    }

    @Test
    void shouldReflectStockChangesThatKeepTheSamePosition() {
        CatalogueItem a = item("a", "phones", null, 10, T);
        index.upsert(a);
        index.upsert(outOfStock(a));

        assertThat(index.topPopular("phones", 10)).containsExactly(outOfStock(a));
        assertThat(index.topPopular(10, CatalogueItem::inStock)).isEmpty();
    }

    @Test
    void shouldAnswerTopNPerCategoryMostPopularFirst() {
        index.upsert(item("p1", "phones", null, 10, T));
        index.upsert(item("p2", "phones", null, 30, T));
        index.upsert(item("p3", "phones", null, 20, T));
        index.upsert(item("b1", "books", null, 100, T));
        index.upsert(item("n1", null, null, 50, T));

        assertThat(ids(index.topPopular("phones", 2))).containsExactly("p2", "p3");
        assertThat(ids(index.topPopular("books", 5))).containsExactly("b1");
        assertThat(index.topPopular("garden", 5)).isEmpty();
        assertThat(ids(index.topPopular(3))).containsExactly("b1", "n1", "p2");
    }

    @Test
    void shouldApplyTheFilterWhileWalkingSoNEligibleItemsComeBack() {
        index.upsert(outOfStock(item("p1", "phones", null, 30, T)));
        index.upsert(item("p2", "phones", null, 20, T));
        index.upsert(item("p3", "phones", null, 10, T));

        assertThat(ids(index.topPopular("phones", 2, CatalogueItem::inStock))).containsExactly("p2", "p3");
    }

    @Test
    void shouldBreakPopularityTiesByItemIdAndPutUnpopularItemsLast() {
        index.upsert(item("b", "x", null, 0, null));
        index.upsert(item("a", "x", null, 0, null));
        index.upsert(item("c", "x", null, 1, T));

        assertThat(ids(index.topPopular("x", 10))).containsExactly("c", "a", "b");
    }

    @Test
    void shouldForgetRemovedItems() {
        index.upsert(item("a", "phones", null, 10, T));
        index.upsert(item("b", "phones", null, 5, T));
        index.remove("a");
        index.remove("never-there");

        assertThat(ids(index.topPopular(10))).containsExactly("b");
        assertThat(ids(index.topPopular("phones", 10))).containsExactly("b");
        assertThat(index.get("a")).isEmpty();
    }

    @Test
    void shouldReplaceEverythingOnRebuild() {
        index.upsert(item("old", "phones", null, 10, T));

        index.replaceAll(List.of(item("n1", "books", null, 1, T), item("n2", "books", null, 2, T)));

        assertThat(ids(index.topPopular(10))).containsExactly("n2", "n1");
        assertThat(index.topPopular("phones", 10)).isEmpty();
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void shouldRefuseANonPositiveHalfLife() {
        assertThatThrownBy(() -> new CatalogueIndex(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("popularity half-life must be positive, got PT0S");
    }
}
