package io.profilestream.recommender.popularity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.EventType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemStatsTest {

    static final Duration DAY = Duration.ofDays(1);
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    static CleanEvent event(EventType type, String itemId, Instant at, String category, String brand, String price,
                            String currency) {
        return new CleanEvent(1, "e-" + type + at, "user", "k1", null, type, itemId, category, brand,
                price == null ? null : new BigDecimal(price), currency, null, null, null, null, at);
    }

    static CleanEvent event(EventType type, Instant at) {
        return event(type, "i1", at, null, null, null, null);
    }

    @Test
    void shouldWeighEventTypesAsDocumented() {
        assertThat(EventWeights.weight(EventType.VIEW)).isEqualTo(1.0);
        assertThat(EventWeights.weight(EventType.ADD_TO_CART)).isEqualTo(3.0);
        assertThat(EventWeights.weight(EventType.PURCHASE)).isEqualTo(5.0);
        assertThat(EventWeights.weight(EventType.REVIEW)).isEqualTo(2.0);
        assertThat(EventWeights.weight(EventType.RATING)).isEqualTo(2.0);
        assertThat(EventWeights.weight(EventType.SEARCH)).isEqualTo(0.0);
        assertThat(EventWeights.weight(EventType.REMOVE_FROM_CART)).isEqualTo(0.0);
    }

    @Test
    void shouldDecayOldScoreWhenALaterEventArrives() {
        ItemStats stats = ItemStats.empty()
                .add(event(EventType.VIEW, T0), DAY)
                .add(event(EventType.ADD_TO_CART, T0), DAY)
                .add(event(EventType.PURCHASE, T0.plus(DAY)), DAY);

        // (1 + 3) halved over one half-life, plus 5 at the new asOf.
        assertThat(stats.popularity()).isEqualTo(7.0);
        assertThat(stats.popularityAsOf()).isEqualTo(T0.plus(DAY));
        assertThat(stats.counts()).containsExactly(
                Map.entry(EventType.VIEW, 1L), Map.entry(EventType.ADD_TO_CART, 1L), Map.entry(EventType.PURCHASE, 1L));
        assertThat(stats.itemId()).isEqualTo("i1");
    }

    @Test
    void shouldDecayAnOutOfOrderEventInsteadOfMovingAsOfBack() {
        ItemStats stats = ItemStats.empty()
                .add(event(EventType.PURCHASE, T0.plus(DAY)), DAY)
                .add(event(EventType.REVIEW, T0.minus(DAY)), DAY);

        assertThat(stats.popularity()).isEqualTo(5.5);
        assertThat(stats.popularityAsOf()).isEqualTo(T0.plus(DAY));
    }

    @Test
    void shouldGiveTheSameScoreWhateverTheArrivalOrder() {
        ItemStats inOrder = ItemStats.empty()
                .add(event(EventType.VIEW, T0), DAY)
                .add(event(EventType.PURCHASE, T0.plus(Duration.ofHours(12))), DAY);
        ItemStats reversed = ItemStats.empty()
                .add(event(EventType.PURCHASE, T0.plus(Duration.ofHours(12))), DAY)
                .add(event(EventType.VIEW, T0), DAY);

        assertThat(reversed.popularity()).isCloseTo(inOrder.popularity(), within(1e-12));
        assertThat(reversed.popularity()).isCloseTo(5.0 + Math.pow(2, -0.5), within(1e-12));
        assertThat(reversed.popularityAsOf()).isEqualTo(inOrder.popularityAsOf());
    }

    @Test
    void shouldCountZeroWeightEventsWithoutTouchingPopularity() {
        ItemStats stats = ItemStats.empty()
                .add(event(EventType.VIEW, T0), DAY)
                .add(event(EventType.REMOVE_FROM_CART, T0.plus(DAY)), DAY);

        assertThat(stats.popularity()).isEqualTo(1.0);
        assertThat(stats.popularityAsOf()).isEqualTo(T0);
        assertThat(stats.count(EventType.REMOVE_FROM_CART)).isEqualTo(1L);
    }

    @Test
    void shouldKeepTheLatestDescriptionAndLetOlderEventsOnlyFillGaps() {
        ItemStats stats = ItemStats.empty()
                .add(event(EventType.VIEW, "i1", T0.plus(DAY), "phones", null, "99.90", "EUR"), DAY)
                .add(event(EventType.VIEW, "i1", T0, "old-category", "acme", "80.00", "USD"), DAY)
                .add(event(EventType.VIEW, "i1", T0.plus(DAY).plusSeconds(1), null, null, null, null), DAY);

        assertThat(stats.category()).isEqualTo("phones");
        assertThat(stats.brand()).isEqualTo("acme");
        assertThat(stats.price()).isEqualTo(new BigDecimal("99.90"));
        assertThat(stats.currency()).isEqualTo("EUR");
        assertThat(stats.describedAt()).isEqualTo(T0.plus(DAY).plusSeconds(1));
    }

    @Test
    void shouldRoundTripThroughItsSerde() {
        ItemStats stats = ItemStats.empty()
                .add(event(EventType.ADD_TO_CART, "i9", T0, "garden", "bosch", "12.50", "EUR"), DAY);

        byte[] json = ItemStats.SERDE.serialize("t", stats);

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"add_to_cart\":1");
        assertThat(ItemStats.SERDE.deserialize("t", json)).isEqualTo(stats);
    }
}
