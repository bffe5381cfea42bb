package io.profilestream.recommender.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.ItemUpdate;
import io.profilestream.recommender.popularity.ItemStats;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CatalogueJoinerTest {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    static ItemStats viewedOnce(String itemId) {
        CleanEvent view = new CleanEvent(1, "e1", "u", "k1", null, EventType.VIEW, itemId, "from-events", "event-brand",
                new BigDecimal("5.00"), "USD", null, null, null, null, T0);
        return ItemStats.empty().add(view, Duration.ofDays(1));
    }

    @Test
    void shouldPreferTheShopsDescriptionOverEventFields() {
        ItemUpdate update = new ItemUpdate("i1", "books", null, new BigDecimal("12.50"), "EUR", false, T0);

        CatalogueItem joined = CatalogueJoiner.join(update, viewedOnce("i1"));

        assertThat(joined).isEqualTo(new CatalogueItem("i1", "books", "event-brand", new BigDecimal("12.50"), "EUR",
                false, 1.0, T0, 1, 0, 0));
    }

    @Test
    void shouldDescribeAnItemOnlySeenInEventsAndAssumeItInStock() {
        CatalogueItem joined = CatalogueJoiner.join(null, viewedOnce("i2"));

        assertThat(joined).isEqualTo(new CatalogueItem("i2", "from-events", "event-brand", new BigDecimal("5.00"), "USD",
                true, 1.0, T0, 1, 0, 0));
    }

    @Test
    void shouldListAnItemNobodyTouchedWithZeroPopularity() {
        ItemUpdate update = new ItemUpdate("i3", "garden", "bosch", null, null, true, T0);

        assertThat(CatalogueJoiner.join(update, null))
                .isEqualTo(new CatalogueItem("i3", "garden", "bosch", null, null, true, 0.0, null, 0, 0, 0));
    }

    @Test
    void shouldProduceATombstoneWhenBothSidesAreGone() {
        assertThat(CatalogueJoiner.join(null, null)).isNull();
    }
}
