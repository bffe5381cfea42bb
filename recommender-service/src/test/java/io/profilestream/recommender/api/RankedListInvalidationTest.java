package io.profilestream.recommender.api;

import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.ITEMS;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.SESSION;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.item;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.key;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.profile;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.stepped;
import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModel;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.ml.testing.TestModels;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.UserProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the service ranks a user again instead of serving the cached ranking: a changed profile,
 * a purchase, a new model version, expiry (after the last use, at the max age) and invalidation.
 */
class RankedListInvalidationTest extends CachedServiceFixture {

    @Test
    void shouldRankAgainAfterTheProfileChanges() {
        stores.putProfile(profile(key("alice"), stepped(lstm, SESSION), List.of()));
        RecommendationService service = service(lstmRegistry, cache);
        answer(service, "alice", 5);

        List<String> longer = new ArrayList<>(SESSION);
        longer.add("item-20");
        NeuralState next = stepped(lstm, longer);
        UserProfile changed = profile(key("alice"), next, List.of());
        stores.putProfile(new UserProfile(changed.userKey(), 13, changed.counts(), changed.categoryAffinity(),
                changed.brandAffinity(), changed.priceBand(), changed.rfm(), 1, "session-1", List.of(), List.of(),
                changed.firstEventTime(), changed.lastEventTime().plusSeconds(5), next));
        RecommendationResponse response = answer(service, "alice", 5);

        assertThat(cacheCounts()).isEqualTo(counts(0, 2, 0));
        assertThat(response.items()).isEqualTo(direct(lstm, next, 5, Set.of()));
        assertThat(response.profileEvents()).isEqualTo(13);
    }

    @Test
    void shouldRankAgainWhenAPurchaseChangesTheProfile() {
        NeuralState neural = stepped(lstm, SESSION);
        stores.putProfile(profile(key("alice"), neural, List.of()));
        RecommendationService service = service(lstmRegistry, cache);
        String bought = ids(answer(service, "alice", 5)).get(0);

        stores.putProfile(profile(key("alice"), neural, List.of(bought)));
        RecommendationResponse response = answer(service, "alice", 5);

        assertThat(cacheCounts()).isEqualTo(counts(0, 2, 0));
        assertThat(response.items()).isEqualTo(direct(lstm, neural, 5, Set.of(bought)));
    }

    @Test
    void shouldRankAgainWithANewModelVersion(@TempDir Path models) throws IOException {
        ModelRegistry registry = new ModelRegistry(models, ServingModels::load);
        TestModels.exportRandom(models, "v1", ITEMS, 8, 16, 1L);
        registry.scan();
        NeuralState neural = stepped(registry.current().orElseThrow(), SESSION);
        stores.putProfile(profile(key("alice"), neural, List.of()));
        RecommendationService service = service(registry, cache);
        answer(service, "alice", 5);

        TestModels.exportRandom(models, "v2", ITEMS, 8, 16, 2L);
        registry.scan();
        ServingModel v2 = registry.current().orElseThrow();
        RecommendationResponse response = answer(service, "alice", 5);

        assertThat(v2.version()).isEqualTo("v2");
        assertThat(cacheCounts()).isEqualTo(counts(0, 2, 0));
        assertThat(response.modelVersion()).isEqualTo("v2");
        // The profile was stepped by v1: v2 replays the session, as without a cache.
        assertThat(response.items()).isEqualTo(direct(v2, stepped(v2, SESSION), 5, Set.of()));
    }

    @Test
    void shouldRankAgainOnceTheRankingWentUnusedForTheTtl() {
        stores.putProfile(profile(key("alice"), stepped(lstm, SESSION), List.of()));
        RecommendationService service = service(lstmRegistry, cache);
        answer(service, "alice", 5);

        nanos.addAndGet(TTL.minusMillis(1).toNanos());
        answer(service, "alice", 5);
        // Counted from the last use: another TTL less 1 ms later it is still there.
        nanos.addAndGet(TTL.minusMillis(1).toNanos());
        answer(service, "alice", 5);
        assertThat(cacheCounts()).isEqualTo(counts(2, 1, 0));

        nanos.addAndGet(TTL.toNanos());
        answer(service, "alice", 5);
        assertThat(cacheCounts()).isEqualTo(counts(2, 2, 0));
    }

    @Test
    void shouldRankAgainOnceTheJitteredMaxAgeHasPassedHoweverOftenTheRankingIsUsed() {
        stores.putProfile(profile(key("alice"), stepped(lstm, SESSION), List.of()));
        RecommendationService service = service(lstmRegistry, cache);
        answer(service, "alice", 5);

        for (int i = 0; i < 26; i++) {
            nanos.addAndGet(Duration.ofSeconds(20).toNanos());
            answer(service, "alice", 5);
        }
        nanos.addAndGet(Duration.ofSeconds(20).minusMillis(1).toNanos());
        answer(service, "alice", 5);
        assertThat(cacheCounts()).isEqualTo(counts(27, 1, 0));

        // 540 s after it was computed: 600 s less JITTER × 20 %.
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        answer(service, "alice", 5);
        assertThat(cacheCounts()).isEqualTo(counts(27, 2, 0));
    }

    @Test
    void shouldRankAgainAfterTheUsersEntryIsInvalidated() {
        stores.putProfile(profile(key("alice"), stepped(lstm, SESSION), List.of()));
        stores.putProfile(profile(key("bob"), stepped(lstm, SESSION), List.of()));
        RecommendationService service = service(lstmRegistry, cache);
        answer(service, "alice", 5);
        answer(service, "bob", 5);

        cache.invalidate(key("alice"));
        answer(service, "alice", 5);
        answer(service, "bob", 5);

        assertThat(cacheCounts()).isEqualTo(counts(1, 3, 0));
    }
}
