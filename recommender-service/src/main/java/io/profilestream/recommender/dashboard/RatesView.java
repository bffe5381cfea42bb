package io.profilestream.recommender.dashboard;

import java.time.Instant;

/**
 * Body of {@code GET /v1/dashboard/rates}: this instance's live rates, measured over the last few
 * seconds ({@link RateMeter}), and the model it serves.
 *
 * @param asOf                     when the rates were measured
 * @param overSeconds              the span they were measured over; null right after a quiet spell
 *                                 (no earlier sample yet: ask again a second later)
 * @param eventsPerSecond          events reaching this instance per second (profile updates that became
 *                                 servable here); null when unknown
 * @param recommendationsPerSecond recommendation answers served by this instance per second; null when unknown
 * @param modelVersion             the model version this instance serves; null while none is loaded
 */
public record RatesView(Instant asOf, Double overSeconds, Double eventsPerSecond, Double recommendationsPerSecond,
                        String modelVersion) {
}
