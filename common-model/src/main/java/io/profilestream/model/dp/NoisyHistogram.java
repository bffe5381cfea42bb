package io.profilestream.model.dp;

import java.util.Map;

/**
 * A differentially private histogram: one noisy count per key of a public domain, all paid for by
 * one ledger charge.
 *
 * @param values    noisy counts clamped at 0 (post-processing, no privacy cost), in the iteration
 *                  order of the domain the release was made over
 * @param rawValues noisy counts before clamping (may be negative); unbiased, for sums over cells
 * @param note      ε, mechanism, per-cell noise scale and ledger receipt of the whole release
 * @param <K>       key type, e.g. a catalogue category
 */
public record NoisyHistogram<K>(Map<K, Long> values, Map<K, Long> rawValues, PrivacyNote note) {

    /** Keeps unmodifiable copies that keep the domain's order. */
    public NoisyHistogram {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        rawValues = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rawValues));
    }
}
