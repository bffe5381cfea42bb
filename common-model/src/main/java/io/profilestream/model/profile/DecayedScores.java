package io.profilestream.model.profile;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exponentially time-decayed scores per key (category, brand, ...), stored as of one instant.
 *
 * <p>All entries decay by the same factor, so only {@code asOf} moves when time passes and shares
 * ({@link #shares()}) are time-invariant: readers never need the half-life to rank keys.
 *
 * @param asOf   the instant the scores are expressed at, or null when empty
 * @param scores score per key at {@code asOf}
 */
public record DecayedScores(Instant asOf, Map<String, Double> scores) {

    /** Scores below this are dropped: after ~20 half-lives a key carries no signal. */
    static final double NEGLIGIBLE = 1e-6;

    public DecayedScores {
        scores = scores == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(scores));
    }

    /** No scores yet. */
    public static DecayedScores empty() {
        return new DecayedScores(null, Map.of());
    }

    /** 2^(-elapsed / halfLife); above one for negative elapsed times. */
    public static double decayFactor(Duration elapsed, Duration halfLife) {
        return Math.pow(2.0, -(double) elapsed.toMillis() / halfLife.toMillis());
    }

    /**
     * Adds {@code weight} for {@code key} observed at {@code at}. A later observation moves
     * {@code asOf} forward and decays everything else; an earlier one (out-of-order event) is
     * decayed itself instead, so the result does not depend on arrival order.
     *
     * @param maxEntries keep only this many highest-scoring keys, bounding the profile's size
     */
    public DecayedScores add(String key, double weight, Instant at, Duration halfLife, int maxEntries) {
        Map<String, Double> next = new TreeMap<>();
        Instant newAsOf;
        double contribution;
        if (asOf == null || at.isAfter(asOf)) {
            double factor = asOf == null ? 1.0 : decayFactor(Duration.between(asOf, at), halfLife);
            scores.forEach((k, v) -> next.put(k, v * factor));
            newAsOf = at;
            contribution = weight;
        } else {
            next.putAll(scores);
            newAsOf = asOf;
            contribution = weight * decayFactor(Duration.between(at, asOf), halfLife);
        }
        next.merge(key, contribution, Double::sum);
        next.values().removeIf(v -> v < NEGLIGIBLE);
        if (next.size() > maxEntries) {
            List<String> keep = next.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(maxEntries).map(Map.Entry::getKey).toList();
            next.keySet().retainAll(keep);
        }
        return new DecayedScores(newAsOf, next);
    }

    /** Each key's share of the total score (sums to one); empty when there are no scores. */
    public Map<String, Double> shares() {
        double total = scores.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> out = new TreeMap<>();
        if (total > 0) {
            scores.forEach((k, v) -> out.put(k, v / total));
        }
        return out;
    }

    /** The {@code n} keys with the highest scores, best first, with their shares. */
    public Map<String, Double> topShares(int n) {
        Map<String, Double> out = new LinkedHashMap<>();
        shares().entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
