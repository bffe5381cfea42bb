package io.profilestream.recommender.api;

import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.recommender.ranking.AffinityPopularityRanker;
import io.profilestream.recommender.ranking.RankedItem;
import io.profilestream.recommender.ranking.Ranking;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Answers a recommendation request for a raw user id: pseudonymises it with the privacy
 * filter's key (the raw id is never stored or logged), finds the profile, and ranks.
 */
public final class RecommendationService {

    /** What became of a request. */
    public sealed interface Outcome {
        /** Answered here. */
        record Answered(RecommendationResponse response) implements Outcome {
        }

        /** Another instance owns the user's profile; the request must go there. */
        record OwnedElsewhere(HostInfo owner) implements Outcome {
        }
    }

    private final Pseudonymizer pseudonymizer;
    private final StoreQueries stores;
    private final AffinityPopularityRanker ranker;
    private final Clock clock;
    private final int maxK;

    public RecommendationService(Pseudonymizer pseudonymizer, StoreQueries stores, AffinityPopularityRanker ranker,
                                 Clock clock, int maxK) {
        this.pseudonymizer = pseudonymizer;
        this.stores = stores;
        this.ranker = ranker;
        this.clock = clock;
        this.maxK = maxK;
    }

    /**
     * Recommends up to {@code k} items for the shop's user id.
     *
     * @throws ParameterOutOfRangeException when k is outside 1..maxK
     * @throws StoreUnavailableException when the profile cannot be looked up right now
     */
    public Outcome recommend(String rawUserId, int k) {
        if (k < 1 || k > maxK) {
            throw new ParameterOutOfRangeException("k", "k must be between 1 and " + maxK + ", got " + k, 1, maxK);
        }
        // The privacy filter pseudonymises the trimmed id; do the same so both find one user.
        String userKey = pseudonymizer.user(rawUserId.trim());
        ProfileLocation location = stores.locateProfile(userKey);
        if (location instanceof ProfileLocation.Remote remote) {
            return new Outcome.OwnedElsewhere(remote.owner());
        }
        UserProfile profile = ((ProfileLocation.Local) location).profile().orElse(null);
        Ranking ranking = ranker.rank(profile, k);
        List<RecommendationResponse.Item> items = ranking.items().stream().map(RecommendationService::toItem).toList();
        return new Outcome.Answered(new RecommendationResponse(userKey, ranking.strategy(), ranking.fallback(), k,
                clock.instant(), profile == null ? 0 : profile.eventCount(), items));
    }

    private static RecommendationResponse.Item toItem(RankedItem ranked) {
        var item = ranked.item();
        return new RecommendationResponse.Item(item.itemId(), round(ranked.score()),
                new RecommendationResponse.Parts(round(ranked.categoryAffinity()), round(ranked.brandAffinity()),
                        round(ranked.popularity())),
                item.category(), item.brand(), item.price(), item.currency());
    }

    static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
