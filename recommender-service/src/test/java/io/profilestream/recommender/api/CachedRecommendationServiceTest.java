package io.profilestream.recommender.api;

import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.SESSION;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.item;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.key;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.profile;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.stepped;
import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModel;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.serde.Json;
import io.profilestream.recommender.cache.RankedListCache;
import io.profilestream.recommender.impressions.ShownItems;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ranked-list cache on the request path: when a cached ranking is served, and that what it
 * serves is what the service answers without it (filters, refills, exclusions, size zero).
 */
class CachedRecommendationServiceTest extends CachedServiceFixture {

    @Test
    void shouldServeASecondRequestForAnUnchangedProfileFromTheCache() {
        NeuralState neural = stepped(hybrid, SESSION);
        stores.putProfile(profile(key("alice"), neural, List.of()));
        RecommendationService service = service(hybridRegistry, cache);

        RecommendationResponse first = answer(service, "alice", 5);
        RecommendationResponse second = answer(service, "alice", 5);

        assertThat(cacheCounts()).isEqualTo(counts(1, 1, 0));
        assertThat(second).isEqualTo(first);
        assertThat(second.items()).isEqualTo(direct(hybrid, neural, 5, Set.of()));
        assertThat(second.path()).isEqualTo("lstm+mlp");
        assertThat(cache.size()).isEqualTo(1);
        // Only the miss asked the model.
        assertThat(meters.get(RecommenderMetrics.INFERENCE).tag("part", "retrieval").timer().count()).isEqualTo(1);
        assertThat(meters.get(RecommenderMetrics.INFERENCE).tag("part", "ranking").timer().count()).isEqualTo(1);
    }

    @Test
    void shouldFilterOutOfStockAndOverShownItemsFromACachedRanking() {
        NeuralState neural = stepped(hybrid, SESSION);
        stores.putProfile(profile(key("alice"), neural, List.of()));
        RecommendationService service = service(hybridRegistry, cache);
        List<String> first = ids(answer(service, "alice", 5));

        String outOfStock = first.get(0);
        String shownThrice = first.get(2);
        String shownTwice = first.get(3);
        index.upsert(item(outOfStock, index.get(outOfStock).orElseThrow().category(), 5, false));
        stores.putShown(key("alice"), new ShownItems(Map.of(shownThrice, 3, shownTwice, 2)));
        RecommendationResponse response = answer(service, "alice", 5);

        assertThat(cacheCounts()).isEqualTo(counts(1, 1, 0));
        assertThat(response.items()).isEqualTo(direct(hybrid, neural, 5, Set.of(outOfStock, shownThrice)));
        assertThat(ids(response)).doesNotContain(outOfStock, shownThrice).contains(shownTwice);
    }

    @Test
    void shouldRankAfreshWhenTheFiltersLeaveFewerThanKOfTheExactPrefix() {
        NeuralState neural = stepped(hybrid, SESSION);
        stores.putProfile(profile(key("alice"), neural, List.of()));
        RecommendationService service = service(hybridRegistry, cache);
        // The hybrid lists its candidates first; past them the model back-fills for the request.
        RecommendationResponse first = answer(service, "alice", 30);
        int listed = candidatesListed(first);
        List<String> candidates = ids(first).subList(0, listed);
        Map<String, Integer> shown = new HashMap<>();
        candidates.subList(0, listed - 4).forEach(id -> shown.put(id, 3));
        stores.putShown(key("alice"), new ShownItems(shown));

        RecommendationResponse fourLeft = answer(service, "alice", 4);
        RecommendationResponse fiveWanted = answer(service, "alice", 5);

        // The fifth item comes from the model's back-fill for this very request. Ranking again
        // cannot help (the cached list already holds every candidate), so the refill asks the
        // model once: 2 calls for the first request (its k of 30 is past the candidates), 0 for
        // the hit, 1 for the refill.
        assertThat(cacheCounts()).isEqualTo(counts(1, 1, 1));
        assertThat(meters.get(RecommenderMetrics.INFERENCE).tag("part", "retrieval").timer().count()).isEqualTo(3);
        assertThat(ids(fourLeft)).isEqualTo(candidates.subList(listed - 4, listed));
        assertThat(fourLeft.items()).isEqualTo(direct(hybrid, neural, 4, shown.keySet()));
        assertThat(fiveWanted.items()).isEqualTo(direct(hybrid, neural, 5, shown.keySet()));
        assertThat(fiveWanted.path()).isEqualTo("lstm+mlp");
    }

    @Test
    void shouldRankAgainWhenAnItemTheRankingWasComputedWithoutIsEligibleAgainAndServeTheNewRanking() {
        NeuralState neural = stepped(lstm, SESSION);
        stores.putProfile(profile(key("alice"), neural, List.of()));
        RecommendationService service = service(lstmRegistry, cache);
        String top = ids(answer(service(lstmRegistry, RankedListCache.disabled()), "alice", 5)).get(0);
        stores.putShown(key("alice"), new ShownItems(Map.of(top, 3)));
        // A miss while the top item is shown too often: the ranking is computed without it.
        RecommendationResponse withoutTop = answer(service, "alice", 5);

        // The bounded impression history forgot the top item: the ranking computed without it
        // must not serve, although it holds 39 items.
        stores.putShown(key("alice"), new ShownItems(Map.of("item-0", 1)));
        RecommendationResponse forgotten = answer(service, "alice", 5);
        RecommendationResponse again = answer(service, "alice", 5);

        assertThat(withoutTop.items()).isEqualTo(direct(lstm, neural, 5, Set.of(top)));
        assertThat(cacheCounts()).isEqualTo(counts(1, 1, 1));
        assertThat(ids(forgotten).get(0)).isEqualTo(top);
        assertThat(forgotten.items()).isEqualTo(direct(lstm, neural, 5, Set.of()));
        assertThat(again).isEqualTo(forgotten);
    }

    @Test
    void shouldComputeEveryListWhenTheCacheSizeIsZero() {
        NeuralState neural = stepped(hybrid, SESSION);
        stores.putProfile(profile(key("alice"), neural, List.of()));
        RankedListCache off = cache(0);
        RecommendationService service = service(hybridRegistry, off);

        RecommendationResponse first = answer(service, "alice", 5);
        RecommendationResponse second = answer(service, "alice", 5);

        assertThat(off.enabled()).isFalse();
        assertThat(off.size()).isZero();
        assertThat(cacheCounts()).isEqualTo(counts(0, 0, 0));
        assertThat(first.items()).isEqualTo(direct(hybrid, neural, 5, Set.of()));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldCacheNothingForAProfileTheModelCannotServeAndNotCountUnknownUsers() {
        stores.putProfile(profile(key("alice"), null, List.of()));
        RecommendationService service = service(lstmRegistry, cache);

        assertThat(answer(service, "alice", 5).path()).isEqualTo("category-popular");
        assertThat(answer(service, "nobody", 5).path()).isEqualTo("popular");

        // alice has a profile and a model is loaded: a miss with nothing to cache; nobody is not looked up.
        assertThat(cacheCounts()).isEqualTo(counts(0, 1, 0));
        assertThat(cache.size()).isZero();
    }

    /**
     * The same requests against a service with the cache and one without, over a sequence of
     * serve-time changes (shown items, stock, k, purchases): every answer identical, scores and
     * parts included, and the sequence exercises hits, misses and refills.
     */

    @Test
    void shouldAnswerExactlyAsTheUncachedPathDoes() throws Exception {
        for (ModelRegistry registry : List.of(lstmRegistry, hybridRegistry)) {
            ServingModel model = registry.current().orElseThrow();
            catalogue();
            NeuralState neural = stepped(model, SESSION);
            String user = "user-" + model.version();
            String userKey = key(user);
            RecommendationService cached = service(registry, cache);
            RecommendationService uncached = service(registry, RankedListCache.disabled());
            stores.putProfile(profile(userKey, neural, List.of()));
            List<String> ranking = ids(answer(uncached, user, 30));
            Map<String, Integer> shown = new HashMap<>();
            int step = 0;
            for (int k : List.of(1, 5, 10, 20, 30, 40, 45)) {
                for (int round = 0; round < 4; round++, step++) {
                    if (round == 1) {
                        shown.put(ranking.get(step % ranking.size()), 3);
                        shown.put(ranking.get((step + 1) % ranking.size()), 1);
                        stores.putShown(userKey, new ShownItems(shown));
                    } else if (round == 2) {
                        String gone = ranking.get((step * 7 + 3) % ranking.size());
                        index.upsert(item(gone, index.get(gone).orElseThrow().category(), 5, false));
                    } else if (round == 3 && k == 20) {
                        stores.putProfile(profile(userKey, neural, List.of(ranking.get(4))));
                    }
                    RecommendationResponse expected = answer(uncached, user, k);
                    RecommendationResponse actual = answer(cached, user, k);
                    assertThat(actual).as("%s k=%d round %d", model.version(), k, round).isEqualTo(expected);
                    // Record equality compares the parts as maps; the JSON shows their order too.
                    assertThat(Json.mapper().writeValueAsString(actual.items()))
                            .isEqualTo(Json.mapper().writeValueAsString(expected.items()));
                }
            }
        }
        // 56 requests: a miss for each model's first and after the purchase; the hybrid refills
        // once k exceeds the candidates it listed (its exact prefix), the LSTM model at k=40 and 45 (40 items).
        assertThat(cacheCounts()).isEqualTo(counts(29, 4, 23));
    }
}
