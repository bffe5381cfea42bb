package io.profilestream.recommender.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.model.impression.Impression;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.topic.Topics;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.config.RecommenderSettings;
import io.profilestream.recommender.impressions.ImpressionRecorder;
import io.profilestream.recommender.impressions.ShownItems;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import io.profilestream.recommender.ranking.AffinityPopularityRanker;
import io.profilestream.recommender.ranking.RankingWeights;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** During a key rotation's grace period, users not yet moved to their new pseudonym are still served. */
class RotationRecommendationServiceTest {

    static final Pseudonymizer OLD = new Pseudonymizer("k1",
            "old-key-0123456789-0123456789-0123456789".getBytes(StandardCharsets.UTF_8));
    static final Pseudonymizer NEW = new Pseudonymizer("k2",
            "new-key-0123456789-0123456789-0123456789".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path noModels;
    final CatalogueIndex index = new CatalogueIndex(Duration.ofDays(1));
    final InMemoryStoreQueries stores = new InMemoryStoreQueries(index);
    final MockProducer<String, Impression> producer = new MockProducer<>(true, null,
            Topics.IMPRESSIONS.keySerde().serializer(), Topics.IMPRESSIONS.valueSerde().serializer());
    RecommendationService service;

    @BeforeEach
    void setUp() {
        index.replaceAll(List.of(NeuralRecommendationServiceTest.item("item-1", "c0", 5, true)));
        RecommenderMetrics metrics = new RecommenderMetrics(new SimpleMeterRegistry());
        service = new RecommendationService(NEW, Optional.of(OLD), stores, index,
                new AffinityPopularityRanker(index, RankingWeights.from(RecommenderSettings.defaults())),
                new ModelRegistry(noModels, dir -> { throw new AssertionError("no models"); }),
                new ImpressionRecorder(producer, metrics), metrics,
                Clock.fixed(NeuralRecommendationServiceTest.NOW, ZoneOffset.UTC), RecommenderSettings.defaults());
    }

    @Test
    void shouldServeAUserNotYetMovedFromTheirPseudonymUnderThePreviousKey() {
        stores.putProfile(profile(OLD.user("alice"), 7));

        RecommendationResponse response = answered(service.recommend(" alice ", 1));

        assertThat(response.profileEvents()).isEqualTo(7);
        assertThat(response.fallback()).isFalse();
        assertThat(producer.history()).extracting(r -> r.key()).containsExactly(OLD.user("alice"));
    }

    @Test
    void shouldPreferTheProfileUnderTheCurrentKey() {
        stores.putProfile(profile(OLD.user("alice"), 7));
        stores.putProfile(profile(NEW.user("alice"), 9));

        assertThat(answered(service.recommend("alice", 1)).profileEvents()).isEqualTo(9);
    }

    @Test
    void shouldNotChaseTheOldPseudonymToAnotherInstance() {
        stores.putProfile(profile(OLD.user("alice"), 7));
        stores.ownedBy(OLD.user("alice"), new HostInfo("10.0.0.2", 8084));

        RecommendationResponse response = answered(service.recommend("alice", 1));

        assertThat(response.fallback()).isTrue();
        assertThat(response.profileEvents()).isZero();
    }

    @Test
    void shouldLookUpAUserWithAProfileUnderTheCurrentKeyOnce() {
        stores.putProfile(profile(NEW.user("alice"), 9));

        service.recommend("alice", 1);

        assertThat(stores.lookups()).isEqualTo(1);
    }

    @Test
    void shouldLookUpTheOldPseudonymOnlyWhenTheCurrentOneHasNoProfile() {
        service.recommend("alice", 1);

        assertThat(stores.lookups()).isEqualTo(2);
    }

    @Test
    void shouldExcludeWhatWasShownUnderThePseudonymTheUserIsServedUnder() {
        index.replaceAll(List.of(NeuralRecommendationServiceTest.item("item-1", "c0", 5, true),
                NeuralRecommendationServiceTest.item("item-2", "c0", 5, true)));
        stores.putProfile(profile(OLD.user("alice"), 7));
        stores.putShown(OLD.user("alice"), new ShownItems(Map.of("item-1", 3)));
        stores.putShown(NEW.user("alice"), new ShownItems(Map.of("item-2", 3)));

        RecommendationResponse response = answered(service.recommend("alice", 2));

        assertThat(response.items()).extracting(RecommendationResponse.Item::itemId).containsExactly("item-2");
        assertThat(stores.lookups()).isEqualTo(2);
    }

    private static UserProfile profile(String userKey, long events) {
        Instant t = NeuralRecommendationServiceTest.T;
        return new UserProfile(userKey, events, Map.of(), new DecayedScores(t, Map.of("c0", 1.0)), DecayedScores.empty(),
                PriceBand.empty(), Rfm.empty(), 1, null, List.of(), List.of(), t, t);
    }

    private static RecommendationResponse answered(RecommendationService.Outcome outcome) {
        assertThat(outcome).isInstanceOf(RecommendationService.Outcome.Answered.class);
        return ((RecommendationService.Outcome.Answered) outcome).response();
    }
}
