package io.profilestream.ml.text;

/**
 * Class probabilities of one text; they sum to 1.
 *
 * @param negative P(negative)
 * @param neutral  P(neutral)
 * @param positive P(positive)
 */
public record SentimentScores(double negative, double neutral, double positive) {

    /** Probabilities indexed by {@link Sentiment#ordinal()}. */
    public static SentimentScores of(float[] probabilities) {
        if (probabilities.length != Sentiment.values().length) {
            throw new IllegalArgumentException("expected " + Sentiment.values().length + " probabilities, got "
                    + probabilities.length);
        }
        return new SentimentScores(probabilities[0], probabilities[1], probabilities[2]);
    }

    /** P(class). */
    public double probability(Sentiment s) {
        return switch (s) {
            case NEGATIVE -> negative;
            case NEUTRAL -> neutral;
            case POSITIVE -> positive;
        };
    }

    /** The most probable class; ties go to the earlier class in {@link Sentiment} order. */
    public Sentiment label() {
        Sentiment best = Sentiment.NEGATIVE;
        for (Sentiment s : Sentiment.values()) {
            if (probability(s) > probability(best)) {
                best = s;
            }
        }
        return best;
    }

    /**
     * {@code positive - negative}, in [-1, 1]: one number a profile can average over a user's
     * reviews without keeping three.
     */
    public double polarity() {
        return positive - negative;
    }
}
