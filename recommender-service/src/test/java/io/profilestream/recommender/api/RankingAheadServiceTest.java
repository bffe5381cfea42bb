package io.profilestream.recommender.api;

import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.PSEUDONYMIZER;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.NOW;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.SESSION;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.key;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.profile;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.stepped;
import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.recommender.cache.RankedListCache;
import io.profilestream.recommender.cache.RankingAhead;
import io.profilestream.recommender.config.RecommenderSettings;
import io.profilestream.recommender.impressions.ImpressionRecorder;
import io.profilestream.recommender.impressions.ShownItems;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Ranking ahead on the request path: rankings 10 deep over the 40-item LSTM model (and the hybrid
 * in one case), k = 5, items
 * filtered after 3 showings, and each answer's impression folded into the stores before the next
 * request, as the impressions topology does.
 */
class RankingAheadServiceTest extends CachedServiceFixture {

    private static final int DEPTH = 10;
    private static final int K = 5;

    private final RankedListCache shallow = new RankedListCache(10, TTL, MAX_AGE, DEPTH, nanos::get, () -> JITTER);

    @Test
    void shouldRankAheadWhenTheNextRequestWouldFindTooFewItemsSoThatItIsAHit() {
        NeuralState neural = stepped(lstm, SESSION);
        stores.putProfile(profile(key("alice"), neural, List.of()));

        List<RecommendationResponse> answers = answersEqualToUncached(lstmRegistry, 7);

        // 1: a miss ranks 10 deep; 2-3 repeat its top 5, 4-6 its next 5 (the first 5 were shown 3
        // times). After 6 every item of the ranking has been shown 3 times: it is ranked again
        // ahead without them, so 7 is a hit where it would have been a refill.
        assertThat(cacheCounts()).isEqualTo(counts(6, 1, 0));
        assertThat(meters.get(RecommenderMetrics.RANKED_AHEAD).counter().count()).isEqualTo(1.0);
        assertThat(ids(answers.get(6))).doesNotContainAnyElementsOf(ids(answers.get(0)))
                .doesNotContainAnyElementsOf(ids(answers.get(3)))
                .isEqualTo(direct(lstm, neural, K, Set.copyOf(concat(ids(answers.get(0)), ids(answers.get(3)))))
                        .stream().map(RecommendationResponse.Item::itemId).toList());
    }

    @Test
    void shouldRefillOnTheSeventhRequestWithoutRankingAhead() {
        stores.putProfile(profile(key("alice"), stepped(lstm, SESSION), List.of()));
        RecommendationService service = service(lstmRegistry, shallow, RankingAhead.none());

        for (int request = 0; request < 7; request++) {
            fold("alice", answer(service, "alice", K));
        }

        assertThat(cacheCounts()).isEqualTo(counts(5, 1, 1));
        assertThat(meters.get(RecommenderMetrics.RANKED_AHEAD).counter().count()).isZero();
    }

    @Test
    void shouldNotCacheARankingAheadForAUserWhoseRankingWasInvalidatedMeanwhile() {
        stores.putProfile(profile(key("alice"), stepped(lstm, SESSION), List.of()));
        List<Runnable> held = new ArrayList<>();
        RecommendationService service = service(lstmRegistry, shallow, RankingAhead.on(held::add));
        for (int request = 0; request < 6; request++) {
            fold("alice", answer(service, "alice", K));
        }

        shallow.invalidate(key("alice"));
        held.forEach(Runnable::run);

        assertThat(held).hasSize(1);
        assertThat(shallow.size()).isZero();
        assertThat(meters.get(RecommenderMetrics.RANKED_AHEAD).counter().count()).isZero();
    }

    @Test
    void shouldNotRankAheadWhileTheRankingStillHoldsKItemsForTheNextRequest() {
        stores.putProfile(profile(key("alice"), stepped(lstm, SESSION), List.of()));
        List<Runnable> held = new ArrayList<>();
        RecommendationService service = service(lstmRegistry, shallow, RankingAhead.on(held::add));

        for (int request = 0; request < 5; request++) {
            fold("alice", answer(service, "alice", K));
        }

        assertThat(held).isEmpty();
        assertThat(cacheCounts()).isEqualTo(counts(4, 1, 0));
    }

    @Test
    void shouldRankAheadOnTheHybridPathAndServeWhatTheUncachedPathServes() {
        stores.putProfile(profile(key("alice"), stepped(hybrid, SESSION), List.of()));

        List<RecommendationResponse> answers = answersEqualToUncached(hybridRegistry, 7);

        assertThat(answers).extracting(RecommendationResponse::path).containsOnly("lstm+mlp");
        // The hybrid's ranking 10 deep is its candidates, all exact: as on the LSTM path, 7 is a hit.
        assertThat(cacheCounts()).isEqualTo(counts(6, 1, 0));
        assertThat(meters.get(RecommenderMetrics.RANKED_AHEAD).counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldRankItselfWhenARequestArrivesBeforeTheImpressionThatTriggeredRankingAheadIsFolded() {
        stores.putProfile(profile(key("alice"), stepped(lstm, SESSION), List.of()));
        RecommendationService service = service(lstmRegistry, shallow, RankingAhead.on(Runnable::run));
        RecommendationService uncached = service(lstmRegistry, RankedListCache.disabled(), RankingAhead.none());
        for (int request = 0; request < 5; request++) {
            fold("alice", answer(service, "alice", K));
        }
        // Request 6 shows the second five a third time and ranks ahead without all ten.
        RecommendationResponse sixth = answer(service, "alice", K);

        // Its impression is still on its way: this request excludes only the first five, which the
        // ranking computed ahead does not serve, so it ranks again and answers what the uncached path does.
        RecommendationResponse early = answer(service, "alice", K);

        assertThat(early).isEqualTo(answer(uncached, "alice", K));
        assertThat(ids(early)).isEqualTo(ids(sixth));
        assertThat(cacheCounts()).isEqualTo(counts(5, 1, 1));
        assertThat(meters.get(RecommenderMetrics.RANKED_AHEAD).counter().count()).isEqualTo(1.0);
    }

    /**
     * Alice's answers to {@code requests} requests for k from a service that ranks ahead, each
     * asserted equal to the uncached service's answer to the same request and then folded.
     */
    private List<RecommendationResponse> answersEqualToUncached(ModelRegistry models, int requests) {
        RecommendationService service = service(models, shallow, RankingAhead.on(Runnable::run));
        RecommendationService uncached = service(models, RankedListCache.disabled(), RankingAhead.none());
        List<RecommendationResponse> answers = new ArrayList<>();
        for (int request = 0; request < requests; request++) {
            RecommendationResponse expected = answer(uncached, "alice", K);
            RecommendationResponse actual = answer(service, "alice", K);
            assertThat(actual).as("request %d", request + 1).isEqualTo(expected);
            answers.add(actual);
            fold("alice", actual);
        }
        return answers;
    }

    /** What the impressions topology does with an answer's impression. */
    private void fold(String user, RecommendationResponse answer) {
        ShownItems before = stores.shown(key(user));
        stores.putShown(key(user), before.add(ids(answer), RecommenderSettings.defaults().shownItemsKept()));
    }

    private RecommendationService service(ModelRegistry models, RankedListCache rankings, RankingAhead ahead) {
        RecommenderMetrics metrics = new RecommenderMetrics(meters);
        return new RecommendationService(PSEUDONYMIZER, Optional.empty(), stores, index, ranker, models,
                new ImpressionRecorder(producer, metrics), metrics, Clock.fixed(NOW, ZoneOffset.UTC), settings(),
                rankings, ahead);
    }

    /** The defaults with max-k and the cache's depth at {@value #DEPTH}. */
    private static RecommenderSettings settings() {
        RecommenderSettings d = RecommenderSettings.defaults();
        return new RecommenderSettings(d.popularityHalfLife(), d.categoryWeight(), d.brandWeight(), d.exploration(),
                d.topCategories(), d.candidatesPerCategory(), d.defaultK(), DEPTH, d.forwardTimeout(), d.neuralMinSteps(),
                d.maxTimesShown(), d.shownItemsKept(), d.rankedCacheSize(), d.rankedCacheTtl(), d.rankedCacheMaxAge(), DEPTH,
                d.openedProfiles());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
