package io.profilestream.recommender.api;

import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.ITEMS;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.NOW;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.PSEUDONYMIZER;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.SESSION;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.item;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.key;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.profile;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.stepped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.ml.testing.TestModels;
import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.impression.Impression;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.topic.Topics;
import io.profilestream.recommender.cache.RankedListCache;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.config.RecommenderSettings;
import io.profilestream.recommender.impressions.ImpressionRecorder;
import io.profilestream.recommender.impressions.ShownItems;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import io.profilestream.recommender.ranking.AffinityPopularityRanker;
import io.profilestream.recommender.ranking.RankingWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RecommendationService#preview}, the dashboard's look at a user: the answer a served
 * request would get, with the profile it used, leaving no trace in impressions, meters or cache.
 */
class PreviewRecommendationServiceTest {

    @TempDir
    static Path models;
    static ModelRegistry hybrid;

    final CatalogueIndex index = new CatalogueIndex(Duration.ofDays(1));
    final InMemoryStoreQueries stores = new InMemoryStoreQueries(index);
    final MockProducer<String, Impression> producer = new MockProducer<>(true, null,
            Topics.IMPRESSIONS.keySerde().serializer(), Topics.IMPRESSIONS.valueSerde().serializer());
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RankedListCache cache = new RankedListCache(10, Duration.ofSeconds(30), Duration.ofMinutes(10), 100, System::nanoTime, () -> 0.0);
    RecommendationService service;

    @BeforeAll
    static void exportModel() throws IOException {
        hybrid = new ModelRegistry(models, ServingModels::load);
        TestModels.exportHybrid(models, "h1", ITEMS, 8, 16, 5L);
        hybrid.scan();
    }

    @BeforeEach
    void catalogueAndService() {
        List<CatalogueItem> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(item("item-" + i, "c" + (i % 4), 1 + i, true));
        }
        index.replaceAll(items);
        RecommenderMetrics metrics = new RecommenderMetrics(meters);
        service = new RecommendationService(PSEUDONYMIZER, Optional.empty(), stores, index,
                new AffinityPopularityRanker(index, RankingWeights.from(RecommenderSettings.defaults())), hybrid,
                new ImpressionRecorder(producer, metrics), metrics, Clock.fixed(NOW, ZoneOffset.UTC),
                RecommenderSettings.defaults(), cache);
    }

    RecommendationService.Outcome.Previewed preview(String user, int k) {
        RecommendationService.Outcome outcome = service.preview(user, k);
        assertThat(outcome).isInstanceOf(RecommendationService.Outcome.Previewed.class);
        return (RecommendationService.Outcome.Previewed) outcome;
    }

    double cacheCount(String result) {
        return meters.get(RecommenderMetrics.CACHE).tag("result", result).counter().count();
    }

    @Test
    void shouldPreviewExactlyWhatAServedRequestAnswersWithoutRecordingOrCountingIt() {
        UserProfile alice = profile(key("alice"), stepped(hybrid.current().orElseThrow(), SESSION), List.of("item-5"));
        stores.putProfile(alice);
        stores.putShown(key("alice"), new ShownItems(Map.of("item-9", 3)));

        RecommendationService.Outcome.Previewed previewed = preview("alice", 8);

        assertThat(previewed.profile()).isEqualTo(alice);
        assertThat(previewed.response().path()).isEqualTo("lstm+mlp");
        assertThat(previewed.response().modelVersion()).isEqualTo("h1");
        assertThat(previewed.response().items()).hasSize(8);
        assertThat(producer.history()).isEmpty();
        assertThat(meters.find(RecommenderMetrics.SERVED).counters()).isEmpty();
        assertThat(meters.find(RecommenderMetrics.LATENCY).timers()).isEmpty();
        assertThat(List.of(cacheCount("hit"), cacheCount("miss"), cacheCount("refill"))).containsExactly(0.0, 0.0, 0.0);
        assertThat(cache.size()).isZero();

        RecommendationService.Outcome served = service.recommend("alice", 8);
        assertThat(served).isEqualTo(new RecommendationService.Outcome.Answered(previewed.response()));
        assertThat(producer.history()).hasSize(1);
        assertThat(meters.get(RecommenderMetrics.SERVED).tag("path", "lstm+mlp").counter().count()).isEqualTo(1.0);
        // A cached ranking, as served requests leave one, does not change what a preview shows.
        assertThat(preview("alice", 8).response()).isEqualTo(previewed.response());
        assertThat(cacheCount("miss")).isEqualTo(1.0);
        assertThat(cacheCount("hit")).isEqualTo(0.0);
    }

    @Test
    void shouldPreviewPopularItemsAndNoProfileForAnUnknownUser() {
        RecommendationService.Outcome.Previewed previewed = preview(" nobody ", 3);

        assertThat(previewed.profile()).isNull();
        assertThat(previewed.response().userKey()).isEqualTo(key("nobody"));
        assertThat(previewed.response().path()).isEqualTo("popular");
        assertThat(previewed.response().items().stream().map(RecommendationResponse.Item::itemId).toList())
                .containsExactly("item-39", "item-38", "item-37");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldPointAPreviewToTheInstanceThatOwnsTheProfile() {
        stores.ownedBy(key("alice"), new HostInfo("10.0.0.7", 8084));

        assertThat(service.preview("alice", 5))
                .isEqualTo(new RecommendationService.Outcome.OwnedElsewhere(new HostInfo("10.0.0.7", 8084)));
    }

    @Test
    void shouldRejectAPreviewOfKOutsideItsRange() {
        assertThatThrownBy(() -> service.preview("alice", 101))
                .isInstanceOf(ParameterOutOfRangeException.class)
                .hasMessage("k must be between 1 and 100, got 101");
    }
}
