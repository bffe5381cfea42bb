package io.profilestream.recommender.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.ml.NextItemModel;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModel;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.ml.testing.TestModels;
import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.event.EventType;
import io.profilestream.model.impression.Impression;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.topic.Topics;
import io.profilestream.recommender.api.InMemoryStoreQueries;
import io.profilestream.recommender.api.RecommendationService;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.config.RecommenderSettings;
import io.profilestream.recommender.dashboard.RateMeterTest.TestClock;
import io.profilestream.recommender.impressions.ImpressionRecorder;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import io.profilestream.recommender.ranking.AffinityPopularityRanker;
import io.profilestream.recommender.ranking.RankingWeights;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard over a real exported model: the neural path, and the model version with the rates. */
class DashboardServiceTest {

    static final Instant T = Instant.parse("2025-03-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final Pseudonymizer PSEUDONYMIZER =
            new Pseudonymizer("k1", "test-key-0123456789-0123456789-0123456789".getBytes(StandardCharsets.UTF_8));
    static final List<String> SESSION = List.of("item-3", "item-7", "item-11");

    @TempDir
    static Path models;
    static ModelRegistry registry;

    final CatalogueIndex index = new CatalogueIndex(Duration.ofDays(1));
    final InMemoryStoreQueries stores = new InMemoryStoreQueries(index);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final TestClock clock = new TestClock(NOW);

    @BeforeAll
    static void exportModel() throws IOException {
        registry = new ModelRegistry(models, ServingModels::load);
        TestModels.exportRandom(models, "v7", 20, 8, 16, 3L);
        registry.scan();
    }

    DashboardService dashboard() {
        List<CatalogueItem> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(new CatalogueItem("item-" + i, "c" + (i % 3), "b", new BigDecimal("5.00"), "EUR", true, i, T,
                    0, 0, 0));
        }
        index.replaceAll(items);
        RecommenderMetrics metrics = new RecommenderMetrics(meters);
        MockProducer<String, Impression> producer = new MockProducer<>(true, null,
                Topics.IMPRESSIONS.keySerde().serializer(), Topics.IMPRESSIONS.valueSerde().serializer());
        RecommendationService recommendations = new RecommendationService(PSEUDONYMIZER, stores, index,
                new AffinityPopularityRanker(index, RankingWeights.from(RecommenderSettings.defaults())), registry,
                new ImpressionRecorder(producer, metrics), metrics, Clock.fixed(NOW, ZoneOffset.UTC),
                RecommenderSettings.defaults());
        return new DashboardService(recommendations, index, registry, new RateMeter(meters, clock, Duration.ofSeconds(5)));
    }

    @Test
    void shouldShowTheLstmVersionOfTheStateAndTheModelsRecommendations() {
        DashboardService dashboard = dashboard();
        ServingModel model = registry.current().orElseThrow();
        NextItemModel.State state = model.replay(SESSION);
        String key = PSEUDONYMIZER.user("carol");
        stores.putProfile(new UserProfile(key, 3, Map.of(EventType.VIEW, 3L),
                new DecayedScores(T, Map.of("c0", 1.0, "c1", 1.0, "c2", 2.0)), DecayedScores.empty(), PriceBand.empty(),
                Rfm.empty(), 1, "s", List.of("item-11", "item-7", "item-3"), List.of(), T, T.plusSeconds(90),
                new NeuralState("v7", "s", SESSION, 3, state.h(), state.c())));

        DashboardService.UserAnswer answer = dashboard.user("carol", 4);

        assertThat(answer).isInstanceOf(DashboardService.UserAnswer.Here.class);
        UserView view = ((DashboardService.UserAnswer.Here) answer).view();
        assertThat(view.userKey()).isEqualTo(key);
        assertThat(view.profile()).isEqualTo(new UserView.Profile(3, Map.of("view", 3L),
                List.of(new UserView.Share("c2", 0.5), new UserView.Share("c0", 0.25), new UserView.Share("c1", 0.25)),
                null, List.of(new UserView.RecentItem("item-11", "c2"), new UserView.RecentItem("item-7", "c1"),
                        new UserView.RecentItem("item-3", "c0")),
                new UserView.Neural("v7", 3), T, T.plusSeconds(90)));
        assertThat(view.recommendations().path()).isEqualTo("lstm");
        assertThat(view.recommendations().modelVersion()).isEqualTo("v7");
        assertThat(view.recommendations().items()).hasSize(4);
        assertThat(view.recommendations().items().get(0).parts()).containsKey("lstm_score");
    }

    @Test
    void shouldReportTheServedModelVersionWithTheRates() {
        DashboardService dashboard = dashboard();

        assertThat(dashboard.rates()).isEqualTo(new RatesView(NOW, null, null, null, "v7"));
        clock.advance(Duration.ofSeconds(4));
        dashboard.user("nobody", 3);
        assertThat(dashboard.rates()).isEqualTo(new RatesView(NOW.plusSeconds(4), 4.0, 0.0, 0.0, "v7"));
    }
}
