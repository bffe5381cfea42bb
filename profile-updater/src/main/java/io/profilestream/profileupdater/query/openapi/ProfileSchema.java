package io.profilestream.profileupdater.query.openapi;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI schema of a profile as {@code GET /v1/profiles/{userKey}} serves it
 * ({@code ProfileView}: the stored {@code UserProfile}, field for field as on the profiles topic,
 * plus top shares, the LSTM vector as numbers, the churn risk, the segment and the top query
 * interests). The records here only describe that JSON and are never instantiated; {@code OpenApiSpecTest} checks that their properties are exactly the
 * fields the service writes.
 */
@Schema(name = "Profile", description = """
        Everything known about one pseudonymous shopper: explicit features folded from every event (counts, \
        time-decayed affinities, price band, recency/frequency/monetary figures, recent items) and, while a \
        next-item model is loaded, the LSTM state of the current session. Fields that have no value are omitted.""")
public record ProfileSchema(
        @Schema(requiredMode = RequiredMode.REQUIRED, pattern = "^[0-9a-f]{64}$",
                description = "The user's pseudonym (HMAC-SHA256 of the shop's user id, made by the privacy filter).")
        String userKey,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Events applied to the profile.")
        long eventCount,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = """
                Events applied per type; keys are the event types `view`, `search`, `add_to_cart`, \
                `remove_from_cart`, `purchase`, `review`, `rating` (types never seen are absent).""")
        Map<String, Long> counts,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Time-decayed interest per category.")
        DecayedScoresSchema categoryAffinity,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Time-decayed interest per brand.")
        DecayedScoresSchema brandAffinity,
        @Schema(requiredMode = RequiredMode.REQUIRED)
        PriceBandSchema priceBand,
        @Schema(requiredMode = RequiredMode.REQUIRED)
        RfmSchema rfm,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Distinct sessions seen.")
        long sessionCount,
        @Schema(pattern = "^[0-9a-f]{64}$", description = "Pseudonym of the latest session; absent when no event had one.")
        String lastSessionKey,
        @Schema(requiredMode = RequiredMode.REQUIRED,
                description = "Latest distinct items interacted with, most recent first (at most "
                        + "`profilestream.profile.recent-items`).")
        List<String> recentItems,
        @Schema(requiredMode = RequiredMode.REQUIRED,
                description = "Latest distinct items bought, most recent first (at most "
                        + "`profilestream.profile.purchased-items`).")
        List<String> purchasedItems,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Event time of the first event.")
        Instant firstEventTime,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Latest event time seen.")
        Instant lastEventTime,
        @Schema(description = """
                The next-item LSTM's state after the current session, exactly as stored; absent while no model is \
                loaded or none of the session's items is known to it.""")
        NeuralStateSchema neural,
        @Schema(description = """
                Signals from the user's own words, computed on the privacy filter's scrubbed text only: review \
                sentiment (`profilestream.text.sentiment-model`) and the categories of search queries \
                (`profilestream.text.query-model`); absent while neither has produced anything.""")
        TextSignalsSchema text,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = """
                The (at most 5) categories with the highest affinity, best first, with their share of the total \
                affinity (0..1).""")
        Map<String, Double> topCategories,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = """
                The (at most 5) brands with the highest affinity, best first, with their share of the total \
                affinity (0..1).""")
        Map<String, Double> topBrands,
        @Schema(description = "The neural part readable by people and scripts; absent with `neural`.")
        VectorSchema vector,
        @Schema(description = """
                The churn risk computed from this profile when it was read; absent unless the service runs with a \
                churn model (`profilestream.churn.model`).""")
        ChurnRiskSchema churnRisk,
        @Schema(description = """
                The user's segment, placed from this profile when it was read; absent unless the service runs with a \
                segment model (`profilestream.segments.model`).""")
        SegmentSchema segment,
        @Schema(description = """
                The (at most 5) categories the user's search queries point to most, best first, with their share \
                of `text.queryInterests` (0..1); absent without query interests.""")
        Map<String, Double> topQueryInterests) {

    /** {@code TextSignals}. */
    @Schema(name = "TextSignals", description = """
            What the user's scrubbed review texts and search queries say: a plain mean of review polarity (reviews \
            are few, so a decayed mean would be the latest review alone) and time-decayed category interests of \
            searches (same half-life and bound as `categoryAffinity`).""")
    public record TextSignalsSchema(
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "Reviews whose text the sentiment model scored.")
            long reviewsScored,
            @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "-1", maximum = "1", description = """
                    Mean over those reviews of P(positive) - P(negative); 0 while none was scored.""")
            double meanPolarity,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = """
                    Time-decayed category weights of the user's searches: each known query adds its category \
                    distribution (summing to 1); unknown queries add nothing.""")
            DecayedScoresSchema queryInterests) {
    }

    /** {@code DecayedScores}. */
    @Schema(name = "DecayedScores", description = """
            Exponentially time-decayed scores, all expressed as of `asOf` (half-life \
            `profilestream.profile.affinity-half-life`, default 7 days). Since every score decays by the same \
            factor, shares (`topCategories`, `topBrands`) do not change as time passes.""")
    public record DecayedScoresSchema(
            @Schema(description = "The instant the scores are expressed at; absent while there are none.")
            Instant asOf,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "Score per key at `asOf` (at most "
                    + "`profilestream.profile.max-affinity-entries`, the highest kept).")
            Map<String, Double> scores) {
    }

    /** {@code PriceBand}. */
    @Schema(name = "PriceBand", description = """
            The prices the shopper engages with, as running statistics of ln(price) (Welford): the band is one \
            standard deviation around the geometric mean. All figures are 0 until a priced event was seen.""")
    public record PriceBandSchema(
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "Priced events seen.")
            long count,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "Mean of ln(price).")
            double meanLog,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "Sum of squared deviations of ln(price).")
            double m2Log,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "Geometric mean price.")
            double typical,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "Lower edge of the band.")
            double low,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "Upper edge of the band.")
            double high) {
    }

    /** {@code Rfm}. */
    @Schema(name = "Rfm", description = "Recency, frequency and monetary figures over purchases.")
    public record RfmSchema(
            @Schema(description = "Time of the latest purchase; absent before the first.")
            Instant lastPurchaseTime,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "Purchase events.")
            long purchases,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "Total quantity bought.")
            long unitsBought,
            @Schema(requiredMode = RequiredMode.REQUIRED,
                    description = "Total spend (price × quantity) per ISO 4217 currency.")
            Map<String, BigDecimal> spend) {
    }

    /** {@code NeuralState}. */
    @Schema(name = "NeuralState", description = """
            The next-item LSTM's state for the current session, and the model version that produced it. The \
            state restarts with each session; a new model version rebuilds it by replaying `sessionItems`.""")
    public record NeuralStateSchema(
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "Model version whose weights produced `h` and `c`.")
            String modelVersion,
            @Schema(pattern = "^[0-9a-f]{64}$", description = "Pseudonym of the session the state belongs to.")
            String sessionKey,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = """
                    Item ids of the session's clicks, oldest first, repeats included (at most \
                    `profilestream.profile.session-items-cap`).""")
            List<String> sessionItems,
            @Schema(requiredMode = RequiredMode.REQUIRED,
                    description = "LSTM steps taken in this session (may exceed the items kept).")
            int steps,
            @Schema(requiredMode = RequiredMode.REQUIRED, format = "byte", description = """
                    Hidden output after the last step (the profile vector): base64 of little-endian IEEE 754 \
                    32-bit floats, exact. `vector.h` has the same numbers as JSON.""")
            String h,
            @Schema(requiredMode = RequiredMode.REQUIRED, format = "byte",
                    description = "Cell state after the last step, encoded like `h`.")
            String c) {
    }

    /** {@code ChurnRisk}. */
    @Schema(name = "ChurnRisk", description = """
            The churn model applied to the live profile at read time: the risk rises while the user stays away, \
            with no event needed.""")
    public record ChurnRiskSchema(
            @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0", maximum = "1",
                    description = "Probability that the user has no event within `horizonHours` after `asOf`.")
            double probability,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "The horizon the model was trained for, in hours.")
            long horizonHours,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "Version of the churn model.")
            String modelVersion,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "The instant the risk refers to (the read).")
            Instant asOf) {
    }

    /** {@code UserSegment}. */
    @Schema(name = "UserSegment", description = """
            The segment model applied to the live profile at read time (nearest centroid; recency is a feature, so \
            the segment can change without an event). Segments are re-fitted periodically; ids are only comparable \
            within one `modelVersion`.""")
    public record SegmentSchema(
            @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0", description = "The segment id, 0..k-1.")
            int id,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = """
                    What the segment is: approximate size, top categories, price band, churn risk and activity, \
                    released with differential privacy when the model was fitted (noisy, never the exact members).""")
            String description,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "Version of the segment model.")
            String modelVersion) {
    }

    /** {@code ProfileView.Vector}. */
    @Schema(name = "ProfileVector", description = "The LSTM profile vector and where it comes from.")
    public record VectorSchema(
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "Model version that computed it.")
            String modelVersion,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "LSTM steps of the current session behind it.")
            int steps,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "Session items kept for a replay.")
            int sessionItemCount,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "Length of `h`.")
            int hiddenSize,
            @Schema(requiredMode = RequiredMode.REQUIRED,
                    description = "The vector (LSTM hidden output) as JSON numbers.")
            List<Float> h) {
    }
}
