package io.profilestream.model.dp;

import java.util.OptionalDouble;

/**
 * A differentially private clamped sum of real values (see {@link ClampedSum}).
 *
 * @param value      the noisy sum in the values' unit ({@code noisyUnits · resolution}); not
 *                   clamped, since a sum of e.g. price changes may be negative
 * @param noisyUnits the noisy sum in integer units of the resolution
 * @param lower      the lower clamping bound of the values
 * @param upper      the upper clamping bound of the values
 * @param note       ε, mechanism, sensitivity (in units of the resolution), noise scale and standard
 *                   deviation (in the values' unit) and ledger receipt
 */
public record NoisySum(double value, long noisyUnits, double lower, double upper, PrivacyNote note) {

    /**
     * The mean as {@code value / count}, clamped into {@code [lower, upper]} (post-processing, no
     * privacy cost); empty when the noisy count is below 1, where the ratio means nothing.
     *
     * @param count the noisy number of values summed, released separately
     */
    public OptionalDouble meanWith(NoisyCount count) {
        if (count.rawValue() < 1) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.max(lower, Math.min(upper, value / count.rawValue())));
    }
}
