package io.profilestream.model.dp;

/**
 * A differentially private count.
 *
 * @param value    the noisy count clamped at 0, for display: a count cannot be negative, and
 *                 clamping the noisy value is post-processing, so it costs no privacy
 * @param rawValue the noisy count before clamping (may be negative); unbiased, so use it when
 *                 adding or averaging released counts
 * @param note     ε, mechanism, noise scale and ledger receipt of the release
 */
public record NoisyCount(long value, long rawValue, PrivacyNote note) {
}
