package io.profilestream.ml.text;

/** The three sentiment classes, in the order of every probability vector and confusion matrix. */
public enum Sentiment {
    NEGATIVE, NEUTRAL, POSITIVE;

    /**
     * The class of a star rating: 1-2 negative, 3 neutral, 4-5 positive. Three classes rather than
     * five because 4 and 5 stars (and 1 and 2) differ in degree, not in what a shop does with the
     * signal, and rare star levels would leave classes with a handful of texts.
     *
     * @throws IllegalArgumentException outside 1..5
     */
    public static Sentiment ofStars(int stars) {
        if (stars < 1 || stars > 5) {
            throw new IllegalArgumentException("a star rating is 1..5, got " + stars);
        }
        return stars <= 2 ? NEGATIVE : stars == 3 ? NEUTRAL : POSITIVE;
    }
}
