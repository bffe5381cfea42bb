package io.profilestream.localstack.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/** One line of latency percentiles in milliseconds. */
final class Percentiles {

    private Percentiles() {
    }

    /** "p50 x ms  p90 ...  max" from a histogram of microseconds. */
    static String line(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return "no samples";
        }
        return String.format(Locale.ROOT, "p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms  (n=%d)",
                ms(micros, 50), ms(micros, 90), ms(micros, 99), ms(micros, 99.9), micros.getMaxValue() / 1000.0,
                micros.getTotalCount());
    }

    /** The percentile in milliseconds. */
    static double ms(Histogram micros, double percentile) {
        return micros.getValueAtPercentile(percentile) / 1000.0;
    }
}
