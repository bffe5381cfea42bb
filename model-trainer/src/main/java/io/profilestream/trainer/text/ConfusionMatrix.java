package io.profilestream.trainer.text;

import io.profilestream.ml.text.Sentiment;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts of (actual, predicted) sentiment classes and the metrics that stay honest under skew.
 * Conventions follow scikit-learn's defaults: a class that neither occurs nor is predicted is left
 * out of the macro average; a precision or recall with a zero denominator is 0; balanced accuracy
 * is the mean recall over the classes that occur. Not thread-safe.
 */
public final class ConfusionMatrix {

    private static final int K = Sentiment.values().length;
    private final long[][] counts = new long[K][K];

    /** Counts one prediction. */
    public void add(Sentiment actual, Sentiment predicted) {
        counts[actual.ordinal()][predicted.ordinal()]++;
    }

    /** Adds every count of {@code other}. */
    public void addAll(ConfusionMatrix other) {
        for (int a = 0; a < K; a++) {
            for (int p = 0; p < K; p++) {
                counts[a][p] += other.counts[a][p];
            }
        }
    }

    /** Predictions of {@code predicted} for texts of class {@code actual}. */
    public long count(Sentiment actual, Sentiment predicted) {
        return counts[actual.ordinal()][predicted.ordinal()];
    }

    /** Number of predictions. */
    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    private long actual(int c) {
        long n = 0;
        for (int p = 0; p < K; p++) {
            n += counts[c][p];
        }
        return n;
    }

    private long predicted(int c) {
        long n = 0;
        for (int a = 0; a < K; a++) {
            n += counts[a][c];
        }
        return n;
    }

    /** TP / (TP + FN) of {@code c}; 0 when the class does not occur. */
    public double recall(Sentiment c) {
        long n = actual(c.ordinal());
        return n == 0 ? 0 : counts[c.ordinal()][c.ordinal()] / (double) n;
    }

    /** TP / (TP + FP) of {@code c}; 0 when it is never predicted. */
    public double precision(Sentiment c) {
        long n = predicted(c.ordinal());
        return n == 0 ? 0 : counts[c.ordinal()][c.ordinal()] / (double) n;
    }

    /** Harmonic mean of precision and recall; 0 when both are 0. */
    public double f1(Sentiment c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Unweighted mean F1 over the classes that occur or are predicted. */
    public double macroF1() {
        double sum = 0;
        int n = 0;
        for (Sentiment c : Sentiment.values()) {
            if (actual(c.ordinal()) > 0 || predicted(c.ordinal()) > 0) {
                sum += f1(c);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** Mean recall over the classes that occur: accuracy as if every class were equally frequent. */
    public double balancedAccuracy() {
        double sum = 0;
        int n = 0;
        for (Sentiment c : Sentiment.values()) {
            if (actual(c.ordinal()) > 0) {
                sum += recall(c);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** Share of correct predictions (misleading under skew; reported for context). */
    public double accuracy() {
        long total = total();
        long correct = 0;
        for (int c = 0; c < K; c++) {
            correct += counts[c][c];
        }
        return total == 0 ? 0 : correct / (double) total;
    }

    /** The metrics by name, in table order. */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("macroF1", macroF1());
        m.put("balancedAccuracy", balancedAccuracy());
        m.put("accuracy", accuracy());
        for (Sentiment c : Sentiment.values()) {
            m.put("recall." + c.name().toLowerCase(Locale.ROOT), recall(c));
        }
        for (Sentiment c : Sentiment.values()) {
            m.put("f1." + c.name().toLowerCase(Locale.ROOT), f1(c));
        }
        return m;
    }

    /** counts[actual][predicted] in {@link Sentiment} order (a copy). */
    public long[][] counts() {
        long[][] out = new long[K][];
        for (int a = 0; a < K; a++) {
            out[a] = counts[a].clone();
        }
        return out;
    }

    /** Rows = actual, columns = predicted, with row labels. */
    public String table() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-14s", "actual\\pred"));
        for (Sentiment p : Sentiment.values()) {
            sb.append(String.format(Locale.ROOT, " %9s", p.name().toLowerCase(Locale.ROOT)));
        }
        sb.append('\n');
        for (Sentiment a : Sentiment.values()) {
            sb.append(String.format(Locale.ROOT, "%-14s", a.name().toLowerCase(Locale.ROOT)));
            for (Sentiment p : Sentiment.values()) {
                sb.append(String.format(Locale.ROOT, " %9d", count(a, p)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
