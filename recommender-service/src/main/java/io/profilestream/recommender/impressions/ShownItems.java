package io.profilestream.recommender.impressions;

import io.profilestream.model.serde.Json;
import io.profilestream.model.serde.JsonSerde;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How often each item has been shown to one user: value of the {@code impressions} store, sealed
 * with the user's data key there.
 * Immutable. Bounded: only the {@code kept} most recently shown items are remembered, so a heavy
 * user's entry stays small and an item not shown for a long while becomes eligible again.
 *
 * @param counts times shown per item id, least recently shown first (JSON keeps this order)
 */
@Json.KeyedByIds
public record ShownItems(Map<String, Integer> counts) {

    /**
     * The JSON form (the shared mapper, as {@code UserDataCipher.sealJson} writes it). The store
     * and its changelog never hold it in the clear: the fold seals it with the user's data key.
     */
    public static final JsonSerde<ShownItems> SERDE = JsonSerde.of(ShownItems.class);

    private static final ShownItems NONE = new ShownItems(Map.of());

    public ShownItems {
        counts = Collections.unmodifiableMap(counts == null ? new LinkedHashMap<>() : new LinkedHashMap<>(counts));
    }

    /** Nothing shown yet. */
    public static ShownItems none() {
        return NONE;
    }

    /** Times {@code itemId} was shown (0 when never, or forgotten). */
    public int timesShown(String itemId) {
        return counts.getOrDefault(itemId, 0);
    }

    /** The items shown at least {@code times} times. */
    public Set<String> shownAtLeast(int times) {
        return counts.entrySet().stream().filter(e -> e.getValue() >= times).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * This state after one more served list: each item in it counts once more and becomes the
     * most recently shown; then the least recently shown items beyond {@code kept} are forgotten.
     *
     * @param itemIds the list as served (an id repeated within one list counts once)
     * @param kept    how many items to remember at most (positive)
     */
    public ShownItems add(List<String> itemIds, int kept) {
        if (kept < 1) {
            throw new IllegalArgumentException("kept must be positive, got " + kept);
        }
        LinkedHashMap<String, Integer> next = new LinkedHashMap<>(counts);
        for (String id : new java.util.LinkedHashSet<>(itemIds)) {
            if (id == null) {
                continue;
            }
            Integer before = next.remove(id);
            next.put(id, before == null ? 1 : before + 1);
        }
        var oldestFirst = next.keySet().iterator();
        for (int excess = next.size() - kept; excess > 0; excess--) {
            oldestFirst.next();
            oldestFirst.remove();
        }
        return new ShownItems(next);
    }
}
