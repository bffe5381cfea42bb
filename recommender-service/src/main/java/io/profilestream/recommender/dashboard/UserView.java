package io.profilestream.recommender.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.event.EventType;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.recommender.api.RecommendationResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Body of {@code GET /v1/dashboard/users/{userId}}: what the dashboard shows of one user. A subset
 * of what {@code GET /v1/profiles/{pseudonym}} (profile-updater) and
 * {@code GET /v1/recommendations/{userId}} already answer: no session pseudonyms, no purchased
 * items, no LSTM vectors, no RFM figures.
 *
 * @param userKey         the pseudonym the user id maps to (never the raw id)
 * @param profile         this instance's copy of the profile; null for a user it knows nothing of
 * @param recommendations what {@code GET /v1/recommendations/{userId}?k=} would answer now
 *                        (computed without being served: no impression is recorded)
 * @param segment         the user's segment now, by the segment model; absent without a segment model or
 *                        without a profile with events
 */
public record UserView(String userKey, Profile profile, RecommendationResponse recommendations,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Segment segment) {

    /** A view without a segment (no segment model). */
    public UserView(String userKey, Profile profile, RecommendationResponse recommendations) {
        this(userKey, profile, recommendations, null);
    }

    /** Entries of {@link Profile#topCategories()}. */
    public static final int TOP_CATEGORIES = 5;
    /** Entries of {@link Profile#recentItems()}. */
    public static final int RECENT_ITEMS = 10;

    /**
     * The profile as the dashboard shows it.
     *
     * @param eventCount     events applied to the profile
     * @param counts         events per type by wire name ({@code add_to_cart}), in {@link EventType} order, types
     *                       without events left out
     * @param topCategories  the categories with the highest decayed affinity, best first, with their share of the total
     * @param priceBand      the prices the user engages with; null while no priced event was seen
     * @param recentItems    latest distinct items interacted with, most recent first, with their catalogue category
     * @param neural         the LSTM state's provenance; null while the profile has none
     * @param firstEventTime event time of the first event
     * @param lastEventTime  latest event time seen
     */
    public record Profile(long eventCount, Map<String, Long> counts, List<Share> topCategories, Prices priceBand,
                          List<RecentItem> recentItems, Neural neural, Instant firstEventTime, Instant lastEventTime) {
    }

    /** One category and its share (0..1) of the user's category affinity. */
    public record Share(String category, double share) {
    }

    /**
     * The price band: geometric mean and one standard deviation either side in log space.
     *
     * @param count priced events behind it
     */
    public record Prices(double typical, double low, double high, long count) {
    }

    /**
     * The user's segment.
     *
     * @param id          the segment id, 0..k-1 of the segment model ({@code GET /v1/segments})
     * @param description the segment's differentially private description, one sentence
     */
    @Schema(name = "UserSegment")
    public record Segment(int id, String description) {
    }

    /** An item the user interacted with; {@code category} null when the catalogue does not know it. */
    public record RecentItem(String itemId, String category) {
    }

    /**
     * Where the user's neural state comes from.
     *
     * @param modelVersion the LSTM model version that computed it
     * @param steps        LSTM steps of the current session
     */
    public record Neural(String modelVersion, int steps) {
    }

    /**
     * The dashboard's view of {@code profile}.
     *
     * @param catalogue an item's catalogue entry, to name the category of recent items
     */
    static Profile profile(UserProfile profile, Function<String, Optional<CatalogueItem>> catalogue) {
        Map<String, Long> counts = new LinkedHashMap<>();
        profile.counts().forEach((type, n) -> {
            if (n > 0) {
                counts.put(type.wireName(), n);
            }
        });
        List<Share> top = profile.categoryAffinity().topShares(TOP_CATEGORIES).entrySet().stream()
                .map(e -> new Share(e.getKey(), e.getValue())).toList();
        PriceBand band = profile.priceBand();
        Prices prices = band.count() == 0 ? null : new Prices(band.typical(), band.low(), band.high(), band.count());
        List<RecentItem> recent = profile.recentItems().stream().limit(RECENT_ITEMS)
                .map(id -> new RecentItem(id, catalogue.apply(id).map(CatalogueItem::category).orElse(null)))
                .toList();
        Neural neural = profile.neural() == null ? null
                : new Neural(profile.neural().modelVersion(), profile.neural().steps());
        return new Profile(profile.eventCount(), counts, top, prices, recent, neural, profile.firstEventTime(),
                profile.lastEventTime());
    }
}
