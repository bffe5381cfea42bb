package io.profilestream.generator;

import java.time.Duration;
import java.time.Instant;

/**
 * Shape of a synthetic clickstream. Equal settings always give the same events.
 *
 * @param seed              random seed
 * @param users             number of shoppers
 * @param items             catalogue size
 * @param itemZipfExponent  popularity skew of items within a category
 * @param start             time of the first session
 * @param meanSessionGap    mean time between session starts (over all users)
 * @param meanEventGap      mean time between two events of one session
 * @param meanSessionEvents mean number of browse steps per session
 * @param cartRate          P(add to cart | view)
 * @param purchaseRate      P(purchase | item in cart at session end)
 * @param removeRate        P(remove from cart | item in cart)
 * @param searchRate        P(a browse step is a search)
 * @param reviewRate        P(review | purchase)
 * @param ratingRate        P(rating | purchase)
 * @param currency          currency of all prices
 */
public record GeneratorSettings(
        long seed,
        int users,
        int items,
        double itemZipfExponent,
        Instant start,
        Duration meanSessionGap,
        Duration meanEventGap,
        double meanSessionEvents,
        double cartRate,
        double purchaseRate,
        double removeRate,
        double searchRate,
        double reviewRate,
        double ratingRate,
        String currency) {

    public GeneratorSettings {
        if (users < 1 || items < CategorySpec.DEFAULTS.size()) {
            throw new IllegalArgumentException("need at least 1 user and " + CategorySpec.DEFAULTS.size() + " items");
        }
    }

    /** Funnel rates close to those of the REES46 sample (about 2 % of views end in a purchase). */
    public static GeneratorSettings defaults(long seed, int users, int items) {
        return new GeneratorSettings(seed, users, items, 1.0, Instant.parse("2026-01-05T08:00:00Z"),
                Duration.ofSeconds(2), Duration.ofSeconds(25), 6.0,
                0.12, 0.45, 0.10, 0.08, 0.20, 0.25, "EUR");
    }

    /** The same settings with another start time. */
    public GeneratorSettings withStart(Instant newStart) {
        return new GeneratorSettings(seed, users, items, itemZipfExponent, newStart, meanSessionGap, meanEventGap,
                meanSessionEvents, cartRate, purchaseRate, removeRate, searchRate, reviewRate, ratingRate, currency);
    }
}
