package io.profilestream.model.dp;

import java.util.Locale;

/**
 * What a reader of a differentially private release needs to know about it: shown next to the
 * numbers in a REST answer or on the dashboard.
 *
 * @param epsilon                the ε charged to the privacy budget for the whole release
 * @param mechanism              the noise mechanism, {@value DiscreteLaplace#MECHANISM}
 * @param sensitivity            the L1 sensitivity the noise is calibrated to, in the release's
 *                               integer units (for fixed-point sums: units of {@code resolution})
 * @param noiseScale             the scale {@code t = sensitivity / ε} of the noise in each value, in
 *                               the same units as the released values
 * @param noiseStandardDeviation the standard deviation of the noise in each value, in the same
 *                               units as the released values
 * @param receiptId              the id of the privacy budget ledger entry that paid for the release
 */
public record PrivacyNote(double epsilon, String mechanism, long sensitivity, double noiseScale,
                          double noiseStandardDeviation, String receiptId) {

    /** One sentence for people, e.g. on a dashboard tile. */
    public String describe() {
        return String.format(Locale.ROOT, "Differentially private (epsilon %s, %s noise with standard deviation %.3g, "
                + "ledger receipt %s); values may differ from the exact ones.", plain(epsilon), mechanism,
                noiseStandardDeviation, receiptId);
    }

    private static String plain(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
