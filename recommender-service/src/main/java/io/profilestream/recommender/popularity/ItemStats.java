package io.profilestream.recommender.popularity;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.EventType;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.serde.JsonSerde;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What clean events say about one item: a time-decayed popularity score plus counts and the
 * item's latest description as events carried it (so an item the shop never sent to the items
 * topic still has a category). Value of the {@code item-stats} store; immutable.
 *
 * <p>Popularity uses the same math as {@link DecayedScores}: the score is stored as of
 * {@code popularityAsOf} and only moves when an event arrives, so it never needs rewriting as
 * time passes; readers decay it to their own "now".
 *
 * @param itemId         the item these statistics describe, or null before the first event
 * @param popularity     weighted, decayed event score at {@code popularityAsOf}
 * @param popularityAsOf instant the score is expressed at, or null before the first weighted event
 * @param counts         events seen per type (searches never reach an item, so never counted)
 * @param category       latest category seen in events, or null
 * @param brand          latest brand seen in events, or null
 * @param price          latest unit price seen in events, or null
 * @param currency       currency of that price, or null
 * @param describedAt    latest event time applied so far, or null
 */
public record ItemStats(
        String itemId,
        double popularity,
        Instant popularityAsOf,
        Map<EventType, Long> counts,
        String category,
        String brand,
        BigDecimal price,
        String currency,
        Instant describedAt) {

    /** Serde of the store and its changelog. */
    public static final JsonSerde<ItemStats> SERDE = JsonSerde.of(ItemStats.class);

    public ItemStats {
        EnumMap<EventType, Long> sorted = new EnumMap<>(EventType.class);
        if (counts != null) {
            sorted.putAll(counts);
        }
        counts = Collections.unmodifiableMap(sorted);
    }

    /** Nothing seen yet: the aggregate's initial value. */
    public static ItemStats empty() {
        return new ItemStats(null, 0.0, null, Map.of(), null, null, null, null, null);
    }

    /** Events of one type seen so far. */
    public long count(EventType type) {
        return counts.getOrDefault(type, 0L);
    }

    /**
     * Applies one event about this item. Like {@link DecayedScores#add}, a later event moves
     * {@code popularityAsOf} forward and decays the old score, an earlier (out-of-order) one is
     * decayed itself, so the result does not depend on arrival order. Descriptive fields follow
     * the latest event that carries them; an older event only fills fields still unknown.
     */
    public ItemStats add(CleanEvent event, Duration halfLife) {
        Map<EventType, Long> nextCounts = new EnumMap<>(EventType.class);
        nextCounts.putAll(counts);
        nextCounts.merge(event.type(), 1L, Long::sum);

        Instant at = event.eventTime();
        double weight = EventWeights.weight(event.type());
        double nextScore = popularity;
        Instant nextAsOf = popularityAsOf;
        if (weight > 0 && at != null) {
            if (popularityAsOf == null || at.isAfter(popularityAsOf)) {
                double factor = popularityAsOf == null ? 1.0
                        : DecayedScores.decayFactor(Duration.between(popularityAsOf, at), halfLife);
                nextScore = popularity * factor + weight;
                nextAsOf = at;
            } else {
                nextScore = popularity + weight * DecayedScores.decayFactor(Duration.between(at, popularityAsOf), halfLife);
            }
        }

        boolean newer = at != null && (describedAt == null || !at.isBefore(describedAt));
        // Price and currency travel as a pair: a price must never be shown in another event's currency.
        boolean takePrice = event.price() != null && (newer || price == null);
        return new ItemStats(event.itemId(), nextScore, nextAsOf, nextCounts,
                pick(category, event.category(), newer),
                pick(brand, event.brand(), newer),
                takePrice ? event.price() : price,
                takePrice ? event.currency() : currency,
                newer ? at : describedAt);
    }

    private static <T> T pick(T current, T seen, boolean newer) {
        if (seen == null) {
            return current;
        }
        return newer || current == null ? seen : current;
    }
}
