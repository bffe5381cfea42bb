package io.profilestream.model.profile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What a shopper's own words say about them, derived from scrubbed text only (review bodies and
 * search queries after the privacy filter): how positive their reviews are and which categories
 * their searches point to. Lives inside {@link UserProfile}, so it is sealed, changelogged and
 * emitted with the rest of the profile. Empty ({@link #empty()}) while no text model is configured.
 *
 * <p>Why a plain mean of review polarity and not a time-decayed one: shoppers write few reviews
 * (most none, some a handful over months), so a decayed mean would in effect be the latest review
 * alone; the plain mean over all of them is the steadier reading of a user's attitude, and
 * {@code reviewsScored} tells a reader how much to trust it. Search interests, by contrast, move
 * with the shopper's current intent, so they decay like category affinity.
 *
 * @param reviewsScored  reviews whose text the sentiment model scored
 * @param meanPolarity   mean of P(positive) - P(negative) over those reviews, in [-1, 1]; 0 without any
 * @param queryInterests time-decayed category weights of the user's searches (each query adds its
 *                       model's category distribution, summing to 1)
 */
public record TextSignals(long reviewsScored, double meanPolarity, DecayedScores queryInterests) {

    public TextSignals {
        if (reviewsScored < 0) {
            throw new IllegalArgumentException("reviewsScored must be >= 0, got " + reviewsScored);
        }
        queryInterests = queryInterests == null ? DecayedScores.empty() : queryInterests;
    }

    /** No text signal yet. */
    public static TextSignals empty() {
        return new TextSignals(0, 0.0, DecayedScores.empty());
    }

    /** True when nothing was learned from text: no review scored and no search interest. */
    @JsonIgnore
    public boolean isEmpty() {
        return reviewsScored == 0 && queryInterests.scores().isEmpty();
    }

    /**
     * These signals with one more scored review: the running mean, so the stored figure needs no
     * per-review history.
     *
     * @param polarity the review's polarity in [-1, 1]
     */
    public TextSignals withReview(double polarity) {
        if (!(polarity >= -1.0 && polarity <= 1.0)) {
            throw new IllegalArgumentException("polarity must be in [-1, 1], got " + polarity);
        }
        long n = reviewsScored + 1;
        return new TextSignals(n, meanPolarity + (polarity - meanPolarity) / n, queryInterests);
    }

    /**
     * These signals with one search's category weights added at {@code at}, decayed with
     * {@code halfLife} and bounded to {@code maxEntries} categories like {@link DecayedScores#add}.
     * An empty map (a query the model does not know) changes nothing.
     */
    public TextSignals withQuery(Map<String, Double> categories, Instant at, Duration halfLife, int maxEntries) {
        DecayedScores next = queryInterests;
        for (Map.Entry<String, Double> e : categories.entrySet()) {
            next = next.add(e.getKey(), e.getValue(), at, halfLife, maxEntries);
        }
        return next == queryInterests ? this : new TextSignals(reviewsScored, meanPolarity, next);
    }

    /**
     * Jackson value filter for {@link UserProfile#text()}: an empty value is left out of the JSON,
     * so a service without text models writes exactly the profiles it wrote before the field
     * existed (and a missing field reads back as {@link #empty()}).
     */
    public static final class OmitWhenEmpty {
        @Override
        public boolean equals(Object value) {
            return value == null || value instanceof TextSignals t && t.isEmpty();
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
