package io.profilestream.recommender.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.ml.NextItemModel;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModel;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.ml.testing.TestModels;
import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.impression.Impression;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.NeuralState;
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
import io.profilestream.recommender.ranking.RankedItem;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recommendation service over real exported models ({@link TestModels#exportRandom} loaded by
 * {@link ServingModels#load} through a real {@link ModelRegistry}): which path serves whom, the
 * version rule, the business filters and what is recorded as shown.
 */
class NeuralRecommendationServiceTest {

    static final int ITEMS = 40;
    static final Instant T = Instant.parse("2025-03-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final Pseudonymizer PSEUDONYMIZER =
            new Pseudonymizer("k1", "test-key-0123456789-0123456789-0123456789".getBytes(StandardCharsets.UTF_8));
    static final List<String> SESSION = List.of("item-3", "item-7", "item-11", "item-7");

    /** v1 and v2: same items, different weights; the registry over this directory serves v2. */
    @TempDir
    static Path models;
    @TempDir
    static Path noModels;
    static ServingModel v1;
    static ServingModel v2;
    static ModelRegistry registry;

    final CatalogueIndex index = new CatalogueIndex(Duration.ofDays(1));
    final InMemoryStoreQueries stores = new InMemoryStoreQueries(index);
    final MockProducer<String, Impression> producer = new MockProducer<>(true, null,
            Topics.IMPRESSIONS.keySerde().serializer(), Topics.IMPRESSIONS.valueSerde().serializer());
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final AffinityPopularityRanker ranker = new AffinityPopularityRanker(index,
            RankingWeights.from(RecommenderSettings.defaults()));

    @BeforeAll
    static void exportModels() throws IOException {
        v1 = ServingModels.load(TestModels.exportRandom(models, "v1", ITEMS, 8, 16, 1L));
        v2 = ServingModels.load(TestModels.exportRandom(models, "v2", ITEMS, 8, 16, 2L));
        registry = new ModelRegistry(models, ServingModels::load);
        assertThat(registry.scan()).hasValueSatisfying(e -> assertThat(e).isInstanceOf(ModelRegistry.Event.Loaded.class));
        assertThat(registry.current().orElseThrow().version()).isEqualTo("v2");
    }

    /** Items the model knows (categories c0..c3 by index), plus five it does not, all in stock. */
    @BeforeEach
    void catalogue() {
        List<CatalogueItem> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(item("item-" + i, "c" + (i % 4), 1 + i, true));
        }
        for (int i = 0; i < 5; i++) {
            items.add(item("extra-" + i, "c0", 100 + i, true));
        }
        index.replaceAll(items);
    }

    static CatalogueItem item(String id, String category, double popularity, boolean inStock) {
        return new CatalogueItem(id, category, "brand-" + category, new BigDecimal("10.00"), "EUR", inStock, popularity,
                T, 0, 0, 0);
    }

    RecommendationService service(ModelRegistry models, RecommenderSettings settings) {
        RecommenderMetrics metrics = new RecommenderMetrics(meters);
        return new RecommendationService(PSEUDONYMIZER, stores, index, ranker, models,
                new ImpressionRecorder(producer, metrics), metrics, Clock.fixed(NOW, ZoneOffset.UTC), settings);
    }

    RecommendationService service() {
        return service(registry, RecommenderSettings.defaults());
    }

    static RecommenderSettings withMinSteps(int minSteps) {
        RecommenderSettings d = RecommenderSettings.defaults();
        return new RecommenderSettings(d.popularityHalfLife(), d.categoryWeight(), d.brandWeight(), d.exploration(),
                d.topCategories(), d.candidatesPerCategory(), d.defaultK(), d.maxK(), d.forwardTimeout(), minSteps,
                d.maxTimesShown(), d.shownItemsKept(), d.rankedCacheSize(), d.rankedCacheTtl(), d.rankedCacheMaxAge(), d.rankedCacheDepth(),
                d.openedProfiles());
    }

    /** The state {@code model} computes for {@code clicks}: what the profile-updater stores. */
    static NeuralState stepped(ServingModel model, List<String> clicks) {
        NextItemModel.State s = model.replay(clicks);
        return new NeuralState(model.version(), "session-1", clicks, clicks.size(), s.h(), s.c());
    }

    static UserProfile profile(String userKey, NeuralState neural, List<String> purchased) {
        return new UserProfile(userKey, 12, Map.of(), new DecayedScores(T, Map.of("c1", 3.0, "c2", 1.0)),
                new DecayedScores(T, Map.of("brand-c1", 1.0)), PriceBand.empty(), Rfm.empty(), 1, "session-1",
                List.of(), purchased, T, T, neural);
    }

    static String key(String user) {
        return PSEUDONYMIZER.user(user);
    }

    RecommendationResponse answer(RecommendationService service, String user, int k) {
        RecommendationService.Outcome outcome = service.recommend(user, k);
        assertThat(outcome).isInstanceOf(RecommendationService.Outcome.Answered.class);
        return ((RecommendationService.Outcome.Answered) outcome).response();
    }

    /** The response items a model answer turns into: same ids, scores and parts, rounded to 6 decimals. */
    List<RecommendationResponse.Item> expectedItems(ServingModel.Recommendations recommendations) {
        List<RecommendationResponse.Item> items = new ArrayList<>();
        for (ServingModel.Scored s : recommendations.items()) {
            Map<String, Double> parts = new TreeMap<>();
            s.parts().forEach((name, value) -> parts.put(name, ResponseItems.round(value)));
            CatalogueItem c = index.get(s.itemId()).orElseThrow();
            items.add(new RecommendationResponse.Item(s.itemId(), ResponseItems.round(s.score()), parts,
                    c.category(), c.brand(), c.price(), c.currency()));
        }
        return items;
    }

    List<RecommendationResponse.Item> expectedItems(List<RankedItem> ranked) {
        List<RecommendationResponse.Item> items = new ArrayList<>();
        for (RankedItem r : ranked) {
            Map<String, Double> parts = new LinkedHashMap<>();
            parts.put("categoryAffinity", ResponseItems.round(r.categoryAffinity()));
            parts.put("brandAffinity", ResponseItems.round(r.brandAffinity()));
            parts.put("popularity", ResponseItems.round(r.popularity()));
            CatalogueItem c = r.item();
            items.add(new RecommendationResponse.Item(c.itemId(), ResponseItems.round(r.score()), parts,
                    c.category(), c.brand(), c.price(), c.currency()));
        }
        return items;
    }

    static List<String> ids(List<RecommendationResponse.Item> items) {
        return items.stream().map(RecommendationResponse.Item::itemId).toList();
    }

    @Test
    void shouldServeTheModelsExactTopKWithoutPurchasedOutOfStockAndOverShownItems() {
        NeuralState neural = stepped(v2, SESSION);
        NextItemModel.State state = new NextItemModel.State(neural.h(), neural.c());
        List<String> unfiltered = v2.recommend(new ServingModel.Query(state, SESSION, 10, Set.of())).items().stream()
                .map(ServingModel.Scored::itemId).toList();
        String bought = unfiltered.get(0);
        String outOfStock = unfiltered.get(1);
        String shownThrice = unfiltered.get(2);
        String shownTwice = unfiltered.get(3);
        stores.putProfile(profile(key("alice"), neural, List.of(bought)));
        stores.putShown(key("alice"), new ShownItems(Map.of(shownThrice, 3, shownTwice, 2)));
        index.upsert(item(outOfStock, index.get(outOfStock).orElseThrow().category(), 5, false));

        RecommendationResponse response = answer(service(), "alice", 5);

        ServingModel.Recommendations direct = v2.recommend(
                new ServingModel.Query(state, SESSION, 5, Set.of(bought, outOfStock, shownThrice)));
        assertThat(direct.items()).hasSize(5);
        assertThat(response.items()).isEqualTo(expectedItems(direct));
        assertThat(ids(response.items())).doesNotContain(bought, outOfStock, shownThrice).contains(shownTwice);
        assertThat(response.path()).isEqualTo(direct.path());
        assertThat(response.modelVersion()).isEqualTo("v2");
        assertThat(response.strategy()).isEqualTo("neural");
        assertThat(response.fallback()).isFalse();
        assertThat(response.profileEvents()).isEqualTo(12);
    }

    @Test
    void shouldServeTheHybridRankersExactTopKWithItsScoreParts(@TempDir Path hybridModels) throws IOException {
        ModelRegistry hybridRegistry = new ModelRegistry(hybridModels, ServingModels::load);
        TestModels.exportHybrid(hybridModels, "h1", ITEMS, 8, 16, 5L);
        hybridRegistry.scan();
        ServingModel hybrid = hybridRegistry.current().orElseThrow();
        NeuralState neural = stepped(hybrid, SESSION);
        NextItemModel.State state = new NextItemModel.State(neural.h(), neural.c());
        String bought = hybrid.recommend(new ServingModel.Query(state, SESSION, 1, Set.of())).items().get(0).itemId();
        stores.putProfile(profile(key("alice"), neural, List.of(bought)));

        RecommendationResponse response = answer(service(hybridRegistry, RecommenderSettings.defaults()), "alice", 6);

        ServingModel.Recommendations direct = hybrid.recommend(new ServingModel.Query(state, SESSION, 6, Set.of(bought)));
        assertThat(direct.path()).isEqualTo("lstm+mlp");
        assertThat(direct.items()).hasSize(6);
        assertThat(response.items()).isEqualTo(expectedItems(direct));
        assertThat(response.path()).isEqualTo("lstm+mlp");
        assertThat(response.modelVersion()).isEqualTo("h1");
        assertThat(response.items().get(0).parts()).containsKeys("lstm_score", "mlp_score");
    }

    @Test
    void shouldRecordEachServedListAsOneImpressionKeyedByUser() {
        stores.putProfile(profile(key("alice"), stepped(v2, SESSION), List.of()));

        RecommendationResponse first = answer(service(), "alice", 3);
        RecommendationResponse second = answer(service(), "bob", 2);

        assertThat(producer.history()).containsExactly(
                new ProducerRecord<>(Topics.IMPRESSIONS.name(), key("alice"),
                        new Impression(key("alice"), NOW, first.path(), "v2", ids(first.items()))),
                new ProducerRecord<>(Topics.IMPRESSIONS.name(), key("bob"),
                        new Impression(key("bob"), NOW, "popular", "v2", ids(second.items()))));
    }

    @Test
    void shouldReplayAProfileSteppedUnderAnOlderVersion() {
        NeuralState underV1 = stepped(v1, SESSION);
        NeuralState underV2 = stepped(v2, SESSION);
        assertThat(underV1.h()).isNotEqualTo(underV2.h());
        stores.putProfile(profile(key("old"), underV1, List.of()));
        stores.putProfile(profile(key("current"), underV2, List.of()));

        RecommendationResponse replayed = answer(service(), "old", 8);
        RecommendationResponse current = answer(service(), "current", 8);

        NextItemModel.State v2State = new NextItemModel.State(underV2.h(), underV2.c());
        assertThat(replayed.items()).isEqualTo(current.items())
                .isEqualTo(expectedItems(v2.recommend(new ServingModel.Query(v2State, SESSION, 8, Set.of()))));
        assertThat(replayed.modelVersion()).isEqualTo("v2");
        assertThat(replayed.path()).isEqualTo(current.path());
    }

    @Test
    void shouldServePopularItemsToAnUnknownUser() {
        RecommendationResponse response = answer(service(), "nobody", 3);

        assertThat(response.path()).isEqualTo("popular");
        assertThat(response.strategy()).isEqualTo("popular");
        assertThat(response.fallback()).isTrue();
        assertThat(response.modelVersion()).isEqualTo("v2");
        assertThat(response.profileEvents()).isZero();
        assertThat(ids(response.items())).containsExactly("extra-4", "extra-3", "extra-2");
        assertThat(response.items().get(1).parts())
                .containsExactly(Map.entry("categoryAffinity", 0.0), Map.entry("brandAffinity", 0.0),
                        Map.entry("popularity", 0.990385));
        assertThat(response.items().get(1).score()).isEqualTo(0.990385);
    }

    @Test
    void shouldKeepOverShownItemsOutOfThePopularList() {
        stores.putShown(key("nobody"), new ShownItems(Map.of("extra-4", 3, "extra-3", 1)));

        RecommendationResponse response = answer(service(), "nobody", 3);

        assertThat(ids(response.items())).containsExactly("extra-3", "extra-2", "extra-1");
    }

    @Test
    void shouldServeCategoryPopularItemsToAUserWithoutNeuralState() {
        UserProfile profile = profile(key("carol"), null, List.of("item-39"));
        stores.putProfile(profile);

        RecommendationResponse response = answer(service(), "carol", 4);

        assertThat(response.path()).isEqualTo("category-popular");
        assertThat(response.strategy()).isEqualTo("affinity-popularity");
        assertThat(response.fallback()).isFalse();
        assertThat(response.modelVersion()).isEqualTo("v2");
        assertThat(response.items()).isEqualTo(expectedItems(ranker.rank(profile, 4).items()));
        // (categoryShare + 0.5 * brandShare + 0.05) * popularity / 104: c1 items lead, then c2.
        assertThat(ids(response.items())).containsExactly("item-37", "item-33", "item-29", "item-25");
    }

    @Test
    void shouldServeCategoryPopularItemsWhileNoModelIsLoaded() {
        UserProfile profile = profile(key("alice"), stepped(v2, SESSION), List.of());
        stores.putProfile(profile);
        ModelRegistry empty = new ModelRegistry(noModels, ServingModels::load);

        RecommendationResponse response = answer(service(empty, RecommenderSettings.defaults()), "alice", 4);

        assertThat(response.path()).isEqualTo("category-popular");
        assertThat(response.modelVersion()).isNull();
        assertThat(response.items()).isEqualTo(expectedItems(ranker.rank(profile, 4).items()));
    }

    @Test
    void shouldServeCategoryPopularItemsBelowTheMinimumNumberOfSteps() {
        UserProfile profile = profile(key("alice"), stepped(v2, List.of("item-3", "item-7")), List.of());
        stores.putProfile(profile);

        RecommendationResponse response = answer(service(registry, withMinSteps(3)), "alice", 4);

        assertThat(response.path()).isEqualTo("category-popular");
        assertThat(response.modelVersion()).isEqualTo("v2");
        assertThat(answer(service(registry, withMinSteps(2)), "alice", 4).strategy()).isEqualTo("neural");
    }

    @Test
    void shouldServeCategoryPopularItemsWhenNoSessionItemIsKnownToTheNewModel() {
        NextItemModel.State old = v1.replay(List.of("item-1"));
        UserProfile profile = profile(key("alice"),
                new NeuralState("v0", "session-1", List.of("retired-item"), 1, old.h(), old.c()), List.of());
        stores.putProfile(profile);

        RecommendationResponse response = answer(service(), "alice", 4);

        assertThat(response.path()).isEqualTo("category-popular");
        assertThat(response.items()).isEqualTo(expectedItems(ranker.rank(profile, 4).items()));
    }

    @Test
    void shouldFillAShortModelListWithCategoryPopularItems() {
        NeuralState neural = stepped(v2, SESSION);
        UserProfile profile = profile(key("alice"), neural, List.of("item-0", "extra-4"));
        stores.putProfile(profile);
        stores.putShown(key("alice"), new ShownItems(Map.of("item-1", 3, "extra-3", 3)));

        // The model knows 40 items, two of them excluded: 38 from the model; of the five items it
        // does not know, two are excluded and three fill the list.
        RecommendationResponse response = answer(service(), "alice", 41);

        Set<String> excluded = Set.of("item-0", "extra-4", "item-1", "extra-3");
        ServingModel.Recommendations direct = v2.recommend(new ServingModel.Query(
                new NextItemModel.State(neural.h(), neural.c()), SESSION, 41, excluded));
        assertThat(direct.items()).hasSize(38);
        Set<String> fillExcluded = new HashSet<>(excluded);
        direct.items().forEach(s -> fillExcluded.add(s.itemId()));
        List<RecommendationResponse.Item> expected = new ArrayList<>(expectedItems(direct));
        expected.addAll(expectedItems(ranker.rank(profile, 3, fillExcluded).items()));
        assertThat(response.items()).isEqualTo(expected);
        assertThat(ids(response.items()).subList(38, 41)).containsExactly("extra-2", "extra-1", "extra-0");
        assertThat(response.path()).isEqualTo(direct.path() + "+popular-fill");
        assertThat(response.strategy()).isEqualTo("neural");
        assertThat(response.modelVersion()).isEqualTo("v2");
    }

    @Test
    void shouldTimeAndCountAnswersPerPath() {
        stores.putProfile(profile(key("alice"), stepped(v2, SESSION), List.of()));
        RecommendationService service = service();

        String neuralPath = answer(service, "alice", 3).path();
        answer(service, "alice", 3);
        answer(service, "nobody", 3);

        assertThat(meters.get(RecommenderMetrics.LATENCY).tag("path", neuralPath).timer().count()).isEqualTo(2);
        assertThat(meters.get(RecommenderMetrics.LATENCY).tag("path", "popular").timer().count()).isEqualTo(1);
        assertThat(meters.get(RecommenderMetrics.SERVED).tag("path", neuralPath).counter().count()).isEqualTo(2.0);
        assertThat(meters.get(RecommenderMetrics.SERVED).tag("path", "popular").counter().count()).isEqualTo(1.0);
    }
}
