package io.profilestream.recommender.catalogue;

import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.profile.DecayedScores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Predicate;

/**
 * In-memory view of the catalogue that answers "most popular items (in a category)" without
 * scanning the catalogue per request.
 *
 * <h2>Why a time-invariant ordering key works</h2>
 * An item's popularity is stored as {@code score} at {@code asOf}; at any instant {@code t} it is
 * {@code score * 2^(-(t - asOf) / halfLife)}. Taking the natural log:
 * <pre>
 *   ln(popularity(t)) = ln(score) + asOf * ln2 / halfLife  -  t * ln2 / halfLife
 * </pre>
 * The last term is the same for every item, so the order of items by current popularity, at
 * ANY common instant, is the order of {@link #rankKey} = {@code ln(score) + asOfMillis * ln2 /
 * halfLifeMillis}. The key only changes when an item's own record changes, so items can be kept
 * in sorted sets (per category and globally) that never need re-sorting as time passes, and a
 * top-n query is a walk over the first n entries. Items with no popularity get key -infinity
 * and sort last, by item id. (The absolute-time term makes keys large, ~1e4 for a one-day
 * half-life, so items whose current popularities differ by less than ~1e-12 relative may tie
 * arbitrarily; that is far below anything a ranking can notice.)
 *
 * <h2>Threading</h2>
 * One writer (the global stream thread, through {@link CatalogueIndexProcessor}) and many
 * readers (HTTP threads). Structures are concurrent, writes are serialised, and a full rebuild
 * swaps in a new snapshot atomically so readers never see a half-built index. While one item
 * moves, a reader may briefly meet it at both positions; reads skip entries that are no longer
 * the item's current position, so an item is never returned twice.
 */
public final class CatalogueIndex {

    /** Highest key first, then item id ascending, so ties have a stable order. */
    private static final Comparator<Ranked> ORDER = Comparator.comparingDouble(Ranked::key).reversed()
            .thenComparing(Ranked::itemId);

    private final Duration halfLife;
    private final double ln2PerMilli;
    private volatile Snapshot snapshot = new Snapshot();

    /** @param halfLife the popularity half-life the catalogue scores were computed with */
    public CatalogueIndex(Duration halfLife) {
        if (halfLife == null || halfLife.toMillis() <= 0) {
            throw new IllegalArgumentException("popularity half-life must be positive, got " + halfLife);
        }
        this.halfLife = halfLife;
        this.ln2PerMilli = Math.log(2.0) / halfLife.toMillis();
    }

    /** The half-life behind {@link #rankKey} and {@link #popularityAt}. */
    public Duration halfLife() {
        return halfLife;
    }

    /**
     * The time-invariant ordering key of an item: {@code ln(score) + asOfMillis * ln2 / halfLifeMillis},
     * or -infinity when the item has no popularity yet.
     */
    public double rankKey(CatalogueItem item) {
        if (!(item.popularity() > 0) || item.popularityAsOf() == null) {
            return Double.NEGATIVE_INFINITY;
        }
        return Math.log(item.popularity()) + item.popularityAsOf().toEpochMilli() * ln2PerMilli;
    }

    /** The item's popularity decayed (or, for a future asOf, grown) to {@code at}. */
    public double popularityAt(CatalogueItem item, Instant at) {
        if (item.popularityAsOf() == null) {
            return 0.0;
        }
        return item.popularity() * DecayedScores.decayFactor(Duration.between(item.popularityAsOf(), at), halfLife);
    }

    /** Adds an item or replaces its previous version (and position). */
    public synchronized void upsert(CatalogueItem item) {
        Objects.requireNonNull(item.itemId(), "itemId");
        Snapshot s = snapshot;
        Ranked next = new Ranked(item.itemId(), rankKey(item));
        // New positions first, then the id map, then the old positions go: a concurrent reader
        // sees the old entry (still current) or the new one, never neither; reads skip
        // whichever position is stale.
        s.global.add(next);
        if (item.category() != null) {
            s.categorySet(item.category()).add(next);
        }
        Indexed previous = s.byId.put(item.itemId(), new Indexed(item, next));
        s.trackStock(item);
        if (previous != null) {
            if (!previous.ranked().equals(next)) {
                s.global.remove(previous.ranked());
            }
            String oldCategory = previous.item().category();
            boolean samePosition = previous.ranked().equals(next) && Objects.equals(oldCategory, item.category());
            if (oldCategory != null && !samePosition) {
                s.removeFromCategory(oldCategory, previous.ranked());
            }
        }
    }

    /** Forgets an item (a tombstone on the catalogue topic). */
    public synchronized void remove(String itemId) {
        Snapshot s = snapshot;
        Indexed previous = s.byId.remove(itemId);
        s.outOfStock.remove(itemId);
        if (previous != null) {
            s.global.remove(previous.ranked());
            if (previous.item().category() != null) {
                s.removeFromCategory(previous.item().category(), previous.ranked());
            }
        }
    }

    /** Replaces the whole index with {@code items}, atomically for readers. */
    public synchronized void replaceAll(Iterable<CatalogueItem> items) {
        Snapshot fresh = new Snapshot();
        for (CatalogueItem item : items) {
            Ranked ranked = new Ranked(item.itemId(), rankKey(item));
            Indexed previous = fresh.byId.put(item.itemId(), new Indexed(item, ranked));
            if (previous != null) {
                fresh.global.remove(previous.ranked());
                if (previous.item().category() != null) {
                    fresh.removeFromCategory(previous.item().category(), previous.ranked());
                }
            }
            fresh.global.add(ranked);
            if (item.category() != null) {
                fresh.categorySet(item.category()).add(ranked);
            }
            fresh.trackStock(item);
        }
        snapshot = fresh;
    }

    /** The current entry of an item. */
    public Optional<CatalogueItem> get(String itemId) {
        Indexed indexed = snapshot.byId.get(itemId);
        return indexed == null ? Optional.empty() : Optional.of(indexed.item());
    }

    /**
     * Ids of the items currently out of stock: a live, read-only view, kept so the neural path
     * can exclude them without scanning the catalogue per request.
     */
    public Set<String> outOfStockIds() {
        return Collections.unmodifiableSet(snapshot.outOfStock);
    }

    /** Number of items indexed. */
    public int size() {
        return snapshot.byId.size();
    }

    /** The {@code n} most popular items overall, most popular first. */
    public List<CatalogueItem> topPopular(int n) {
        return topPopular(n, item -> true);
    }

    /** The {@code n} most popular items overall that pass {@code filter}, most popular first. */
    public List<CatalogueItem> topPopular(int n, Predicate<CatalogueItem> filter) {
        Snapshot s = snapshot;
        return take(s, s.global, n, filter);
    }

    /**
     * The categories of the catalogue's items, sorted: the public domain of per-category releases
     * (public data, independent of who produced demand).
     */
    public SortedSet<String> categories() {
        SortedSet<String> categories = new TreeSet<>();
        snapshot.byCategory.forEach((category, items) -> {
            if (!items.isEmpty()) {
                categories.add(category);
            }
        });
        return Collections.unmodifiableSortedSet(categories);
    }

    /** The {@code n} most popular items of {@code category} (exact match), most popular first. */
    public List<CatalogueItem> topPopular(String category, int n) {
        return topPopular(category, n, item -> true);
    }

    /**
     * The {@code n} most popular items of {@code category} that pass {@code filter}. The filter
     * is applied while walking the order, so n eligible items come back whenever they exist.
     */
    public List<CatalogueItem> topPopular(String category, int n, Predicate<CatalogueItem> filter) {
        Snapshot s = snapshot;
        NavigableSet<Ranked> set = category == null ? null : s.byCategory.get(category);
        // An item that just moved category can keep its rank key; its old category's entry must
        // not list it while that entry is being removed.
        return set == null ? List.of() : take(s, set, n, item -> category.equals(item.category()) && filter.test(item));
    }

    private static List<CatalogueItem> take(Snapshot s, NavigableSet<Ranked> order, int n,
                                            Predicate<CatalogueItem> filter) {
        List<CatalogueItem> out = new ArrayList<>(Math.min(Math.max(n, 0), 1024));
        for (Ranked ranked : order) {
            if (out.size() >= n) {
                break;
            }
            Indexed current = s.byId.get(ranked.itemId());
            // A stale position of an item that is moving: its current one is (or will be) visited instead.
            if (current == null || !current.ranked().equals(ranked)) {
                continue;
            }
            if (filter.test(current.item())) {
                out.add(current.item());
            }
        }
        return out;
    }

    /** One position in an ordering. */
    private record Ranked(String itemId, double key) {
    }

    /** An item and its current position. */
    private record Indexed(CatalogueItem item, Ranked ranked) {
    }

    /** Everything a reader needs, replaced as a whole on rebuild. */
    private static final class Snapshot {
        final Map<String, Indexed> byId = new ConcurrentHashMap<>();
        final NavigableSet<Ranked> global = new ConcurrentSkipListSet<>(ORDER);
        final Map<String, NavigableSet<Ranked>> byCategory = new ConcurrentHashMap<>();
        final Set<String> outOfStock = ConcurrentHashMap.newKeySet();

        void trackStock(CatalogueItem item) {
            if (item.inStock()) {
                outOfStock.remove(item.itemId());
            } else {
                outOfStock.add(item.itemId());
            }
        }

        NavigableSet<Ranked> categorySet(String category) {
            return byCategory.computeIfAbsent(category, c -> new ConcurrentSkipListSet<>(ORDER));
        }

        void removeFromCategory(String category, Ranked ranked) {
            NavigableSet<Ranked> set = byCategory.get(category);
            if (set != null) {
                set.remove(ranked);
                if (set.isEmpty()) {
                    byCategory.remove(category, set);
                }
            }
        }
    }
}
