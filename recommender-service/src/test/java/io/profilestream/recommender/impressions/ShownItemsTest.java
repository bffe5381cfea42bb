package io.profilestream.recommender.impressions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.serde.Json;
import io.profilestream.model.serde.JsonSerde;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShownItemsTest {

    @Test
    void shouldBeReadWithoutCanonicalizingItsItemIdKeys() {
        // Keyed by item ids: canonicalizing them copied Jackson's shared name table on every read (Json.KeyedByIds).
        assertThat(Json.mapperFor(ShownItems.class).getFactory()
                .isEnabled(com.fasterxml.jackson.core.JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)).isFalse();
    }

    @Test
    void shouldRoundTripManyItemsInTheirOrderThroughTheSerde() {
        ShownItems shown = ShownItems.none();
        for (int i = 0; i < 100; i++) {
            shown = shown.add(List.of("item-" + (i * 7919 % 50_000), "item-" + (i % 7)), 60);
        }

        ShownItems read = ShownItems.SERDE.deserialize("t", ShownItems.SERDE.serialize("t", shown));

        assertThat(read.counts()).hasSize(60).containsExactlyEntriesOf(shown.counts());
    }

    @Test
    void shouldCountEachItemOncePerServedList() {
        ShownItems shown = ShownItems.none().add(List.of("a", "b", "a"), 10).add(List.of("a"), 10);

        assertThat(shown.counts()).containsExactly(Map.entry("b", 1), Map.entry("a", 2));
        assertThat(shown.timesShown("a")).isEqualTo(2);
        assertThat(shown.timesShown("z")).isZero();
    }

    @Test
    void shouldForgetTheLeastRecentlyShownItemsBeyondTheBound() {
        ShownItems shown = ShownItems.none()
                .add(List.of("a", "b"), 3)
                .add(List.of("c", "a"), 3)
                .add(List.of("d"), 3);

        // Order before d: b, c, a (a was shown again); d pushes b out.
        assertThat(shown.counts()).containsExactly(Map.entry("c", 1), Map.entry("a", 2), Map.entry("d", 1));
    }

    @Test
    void shouldListItemsShownAtLeastNTimes() {
        ShownItems shown = new ShownItems(Map.of("a", 3, "b", 2, "c", 5));

        assertThat(shown.shownAtLeast(3)).containsExactlyInAnyOrder("a", "c");
        assertThat(shown.shownAtLeast(1)).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void shouldKeepRecencyOrderThroughTheStoreSerde() {
        ShownItems shown = ShownItems.none().add(List.of("z", "a", "m"), 10);
        JsonSerde<ShownItems> serde = ShownItems.SERDE;

        ShownItems back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", shown));

        assertThat(back.counts()).containsExactly(Map.entry("z", 1), Map.entry("a", 1), Map.entry("m", 1));
    }

    @Test
    void shouldRefuseANonPositiveBound() {
        assertThatThrownBy(() -> ShownItems.none().add(List.of("a"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("kept must be positive, got 0");
    }
}
