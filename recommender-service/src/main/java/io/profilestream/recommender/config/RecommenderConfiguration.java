package io.profilestream.recommender.config;

import org.springframework.context.annotation.Import;
import io.profilestream.model.retention.PurgeConfiguration;
import io.profilestream.model.web.RequestIdConfiguration;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.QuantizedRetriever;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.model.config.EncryptionProperties;
import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.PrivacyProperties;
import io.profilestream.model.config.StreamsProperties;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.streams.KafkaStreamsHealthIndicator;
import io.profilestream.model.streams.ManagedKafkaStreams;
import io.profilestream.model.streams.StreamsConfigFactory;
import io.profilestream.model.topic.Topics;
import io.profilestream.recommender.RecommenderTopology;
import io.profilestream.recommender.api.PeerForwarder;
import io.profilestream.recommender.api.ProfileVault;
import io.profilestream.recommender.api.RecommendationService;
import io.profilestream.recommender.api.StoreQueries;
import io.profilestream.recommender.api.StreamsStoreQueries;
import io.profilestream.recommender.cache.RankedListCache;
import io.profilestream.recommender.cache.RankingAhead;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.model.dp.DifferentialPrivacyProperties;
import io.profilestream.model.dp.DpReleaser;
import io.profilestream.model.dp.PrivacyBudgetLedger;
import io.profilestream.recommender.demand.CategoryReleaseLog;
import io.profilestream.recommender.demand.CategoryReleaseSchedule;
import io.profilestream.recommender.demand.DemandKind;
import io.profilestream.recommender.demand.DemandQueries;
import io.profilestream.recommender.demand.DemandReleases;
import io.profilestream.recommender.demand.DemandService;
import io.profilestream.recommender.demand.DemandSettings;
import io.profilestream.recommender.demand.StreamsDemandQueries;
import io.profilestream.model.streams.KafkaStreamsLivenessIndicator;
import io.profilestream.recommender.impressions.ImpressionRecorder;
import io.profilestream.recommender.metrics.ModelHealthIndicator;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import io.profilestream.recommender.ranking.AffinityPopularityRanker;
import io.profilestream.recommender.ranking.RankingWeights;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Wires the recommender. Lives here rather than on the application class so web-layer test
 * slices, which skip {@code @Configuration} classes, need no Kafka settings.
 */
@Configuration(proxyBeanMethods = false)
// PurgeConfiguration deletes the consumed part of the time-retained topics this service writes
// (docs/PRIVACY.md); RequestIdConfiguration gives each request an X-Request-Id and log MDC entry.
@Import({PurgeConfiguration.class, RequestIdConfiguration.class})
@EnableConfigurationProperties({KafkaProperties.class, StreamsProperties.class, PrivacyProperties.class,
        EncryptionProperties.class, RecommenderSettings.class, ModelSettings.class, DemandSettings.class,
        DifferentialPrivacyProperties.class})
public class RecommenderConfiguration {

    /**
     * Users whose next ranking may wait for the background thread; more are ranked on their own
     * request. At 500 requests/s about 25 a second need one (docs/BENCHMARKS.md, runs 61-63), each
     * a few milliseconds.
     */
    private static final int RANK_AHEAD_QUEUE = 256;

    private static final Logger LOG = LoggerFactory.getLogger(RecommenderConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CatalogueIndex catalogueIndex(RecommenderSettings settings) {
        return new CatalogueIndex(settings.popularityHalfLife());
    }

    /**
     * The master key that unwraps every user's data key: the profile-updater's, so profiles open
     * here. Refuses to start without one unless the {@code local} profile is active.
     */
    @Bean
    UserDataCipher userDataCipher(EncryptionProperties encryption, Environment environment) {
        return UserDataCipher.fromProperties(encryption, environment.acceptsProfiles(Profiles.of("local")));
    }

    /** Model rankings per user: filled by requests, invalidated by the topology's erasure processor. */
    @Bean
    RankedListCache rankedListCache(RecommenderSettings settings) {
        return RankedListCache.from(settings);
    }

    @Bean
    Topology recommenderTopology(RecommenderSettings settings, CatalogueIndex index, UserDataCipher cipher,
                                 Clock clock, RankedListCache rankings, RecommenderMetrics metrics,
                                 DemandSettings demand) {
        return RecommenderTopology.build(settings, index, cipher, clock, rankings, metrics.pipelineLatency(), demand);
    }

    @Bean
    ManagedKafkaStreams managedKafkaStreams(Topology topology, KafkaProperties kafka, StreamsProperties streams,
                                            ObjectProvider<MeterRegistry> registry) {
        return new ManagedKafkaStreams(topology, StreamsConfigFactory.create(kafka, streams), registry.getIfAvailable());
    }

    /** Named {@code kafkaStreams}: the health component the local stack waits for; in the readiness group. */
    @Bean("kafkaStreams")
    HealthIndicator kafkaStreamsHealthIndicator(ManagedKafkaStreams streams) {
        return new KafkaStreamsHealthIndicator(streams);
    }

    /** Named {@code kafkaStreamsAlive}: DOWN only once a started client has died; in the liveness group. */
    @Bean(KafkaStreamsLivenessIndicator.NAME)
    HealthIndicator kafkaStreamsLivenessIndicator(ManagedKafkaStreams streams) {
        return new KafkaStreamsLivenessIndicator(streams);
    }

    /** The privacy filter's key: a raw user id maps to the same pseudonym the profiles are keyed by. */
    @Bean
    Pseudonymizer pseudonymizer(PrivacyProperties privacy, Environment environment) {
        return Pseudonymizer.fromProperties(privacy, environment.acceptsProfiles(Profiles.of("local")));
    }

    @Bean
    StoreQueries storeQueries(ManagedKafkaStreams streams, StreamsProperties properties, UserDataCipher cipher,
                              RecommenderMetrics metrics, RecommenderSettings settings) {
        String endpoint = properties.applicationServer();
        HostInfo self = endpoint.isBlank() ? null : HostInfo.buildFromEndpoint(endpoint);
        // Timed like the ranked-list cache: a cached ranking is served with the user's opened
        // profile, so both are worth keeping for the same while after a user's last request.
        return new StreamsStoreQueries(streams, self,
                new ProfileVault(cipher, metrics, settings.openedProfiles(), settings.rankedCacheTtl()));
    }

    @Bean
    DemandQueries demandQueries(ManagedKafkaStreams streams, StreamsProperties properties) {
        String endpoint = properties.applicationServer();
        return new StreamsDemandQueries(streams, endpoint.isBlank() ? null : HostInfo.buildFromEndpoint(endpoint));
    }

    /**
     * The privacy budget of this instance's releases ({@code profilestream.dp.*}): in memory unless
     * {@code profilestream.dp.ledger-file} is set (a file ledger is closed with the context).
     */
    @Bean
    PrivacyBudgetLedger privacyBudgetLedger(DifferentialPrivacyProperties dp, Clock clock) throws java.io.IOException {
        return PrivacyBudgetLedger.open(dp, clock);
    }

    /**
     * Where demand counts leave the service, differentially private unless turned off (see
     * {@link DemandReleases}). Item releases (per request) leave the hourly category releases the
     * budget they still need in the period: categories are released first.
     */
    @Bean
    DemandReleases demandReleases(DemandSettings settings, DifferentialPrivacyProperties dp, PrivacyBudgetLedger ledger,
                                  ObjectProvider<CategoryReleaseSchedule> schedule, Clock clock) {
        if (!settings.differentialPrivacy()) {
            return DemandReleases.exact(settings);
        }
        return new DemandReleases(settings, DpReleaser.withSecureRandom(ledger), dp.defaultEpsilon(), () -> {
            CategoryReleaseSchedule s = schedule.getIfAvailable();
            return s == null ? 0 : s.reservedEpsilon(clock.instant(), ledger.periodEndsAt());
        });
    }

    /**
     * The released hours of all categories: next to the ledger file when it is set (a restart reads
     * them back), otherwise in memory, which is logged as a warning as the ledger's is.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "profilestream.demand.differential-privacy", havingValue = "true", matchIfMissing = true)
    CategoryReleaseLog categoryReleaseLog(DemandSettings settings, DifferentialPrivacyProperties dp, Clock clock)
            throws java.io.IOException {
        if (dp.persistent()) {
            return CategoryReleaseLog.open(CategoryReleaseLog.fileNextTo(Path.of(dp.ledgerFile())), clock.instant()
                    .truncatedTo(java.time.temporal.ChronoUnit.HOURS).minus(java.time.Duration.ofDays(settings.historyDays())));
        }
        LOG.warn("profilestream.dp.ledger-file is not set: the released category demand hours are kept in memory, so "
                + "a restart loses them (only hours closing after the restart are released again); set it outside "
                + "local development");
        return CategoryReleaseLog.inMemory();
    }

    /**
     * Releases all categories once per closed hour (see {@link CategoryReleaseSchedule}); fails
     * start-up when a day of hourly releases would not fit in the budget. Its own releaser, so
     * the noise of items and categories comes from independent generators.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "profilestream.demand.differential-privacy", havingValue = "true", matchIfMissing = true)
    CategoryReleaseSchedule categoryReleaseSchedule(DemandQueries queries, CatalogueIndex index, CategoryReleaseLog log,
                                                    PrivacyBudgetLedger ledger, DemandSettings settings,
                                                    DifferentialPrivacyProperties dp, Clock clock, MeterRegistry registry) {
        CategoryReleaseSchedule schedule = new CategoryReleaseSchedule(queries, index::categories, log,
                DpReleaser.withSecureRandom(ledger), settings, CategoryReleaseSchedule.hourlyEpsilon(settings, dp),
                clock.instant());
        Gauge.builder("profilestream.demand.category.unreleased.hours", schedule, CategoryReleaseSchedule::unreleasedHours)
                .description("Closed hours of category demand not released yet (budget spent or stores unreadable)")
                .register(registry);
        schedule.start(clock);
        return schedule;
    }

    /**
     * With differential privacy a key is known when the catalogue has it (an item, or an item of
     * the category), so a 404 does not tell whether anyone produced demand; categories are then
     * served from the scheduled releases.
     */
    @Bean
    DemandService demandService(DemandQueries queries, DemandReleases releases, DemandSettings settings, Clock clock,
                                CatalogueIndex index, ObjectProvider<CategoryReleaseLog> categoryReleases) {
        return new DemandService(queries, releases, settings, clock, !settings.differentialPrivacy() ? null
                : (kind, id) -> kind == DemandKind.ITEM ? index.get(id).isPresent() : !index.topPopular(id, 1).isEmpty(),
                settings.differentialPrivacy() ? categoryReleases.getIfAvailable() : null);
    }

    @Bean
    AffinityPopularityRanker affinityPopularityRanker(CatalogueIndex index, RecommenderSettings settings) {
        return new AffinityPopularityRanker(index, RankingWeights.from(settings));
    }

    @Bean
    RecommenderMetrics recommenderMetrics(MeterRegistry meterRegistry) {
        return new RecommenderMetrics(meterRegistry);
    }

    /**
     * The model being served, kept up to date from {@code profilestream.model.dir}. The first scan
     * runs here, before the web server takes traffic, so an instance starts with the newest valid
     * model rather than answering its first requests without one; later versions are picked up
     * by the poller. Without a directory the registry is never scanned and stays empty.
     */
    @Bean(destroyMethod = "close")
    ModelRegistry modelRegistry(ModelSettings settings, RecommenderMetrics metrics) {
        if (settings.dir() == null) {
            LOG.info("profilestream.model.dir is not set: no model will be loaded, popularity serves every request");
            return new ModelRegistry(Path.of("."), ServingModels::load);
        }
        // Each model's retriever is timed, so request metrics can split retrieval from ranking.
        ModelRegistry registry = new ModelRegistry(settings.dir(), settings.loader(metrics.inference()::timed));
        LOG.info("Models from {} with {} retrieval", settings.dir(), settings.retrieval());
        if ((settings.retrieval() == ModelSettings.Retrieval.QUANTIZED
                || settings.retrieval() == ModelSettings.Retrieval.PARTITIONED) && !QuantizedRetriever.VECTORISED) {
            LOG.warn("{} retrieval needs --add-modules=jdk.incubator.vector (its scalar pass is slower than "
                    + "exact): using exact retrieval", settings.retrieval());
        }
        registry.addListener(metrics::onModelEvent);
        registry.scan();
        registry.start(settings.pollInterval());
        return registry;
    }

    /**
     * Health component {@code model} (readiness group): the version served, the directory and the
     * last load or refusal; OUT_OF_SERVICE without a model only when
     * {@code profilestream.model.required-for-readiness} is set.
     */
    @Bean("model")
    HealthIndicator modelHealthIndicator(ModelRegistry registry, ModelSettings settings) {
        return new ModelHealthIndicator(registry, settings.dir(), settings.requiredForReadiness());
    }

    @Bean(destroyMethod = "close")
    ImpressionRecorder impressionRecorder(KafkaProperties kafka, RecommenderMetrics metrics) {
        return new ImpressionRecorder(new KafkaProducer<>(impressionProducerConfig(kafka),
                Topics.IMPRESSIONS.keySerde().serializer(), Topics.IMPRESSIONS.valueSerde().serializer()), metrics);
    }

    /**
     * The impressions producer's configuration: the shared client map (TLS/SASL, config providers)
     * first, then the settings its delivery depends on, which the map cannot override.
     */
    static Map<String, Object> impressionProducerConfig(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.client());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "recommender-service-impressions");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // send() runs on the request thread and blocks only while topic metadata is missing:
        // during a broker outage a request must not wait seconds for a best-effort record.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 100);
        return config;
    }

    @Bean
    RecommendationService recommendationService(Pseudonymizer pseudonymizer, PrivacyProperties privacy,
                                                StoreQueries stores, CatalogueIndex index,
                                                AffinityPopularityRanker ranker, ModelRegistry models,
                                                ImpressionRecorder impressions, RecommenderMetrics metrics,
                                                Clock clock, RecommenderSettings settings, RankedListCache rankings,
                                                RankingAhead rankingAhead) {
        // A bad previous key fails start-up here, with the Pseudonymizer's message.
        return new RecommendationService(pseudonymizer, Pseudonymizer.previousFromProperties(privacy), stores, index,
                ranker, models, impressions, metrics, clock, settings, rankings, rankingAhead);
    }

    /** Closed with the context, so no queued work runs after the registry and producer are gone. */
    @Bean(destroyMethod = "close")
    RankingAhead rankingAhead() {
        return RankingAhead.inBackground(RANK_AHEAD_QUEUE);
    }

    @Bean
    PeerForwarder peerForwarder(RecommenderSettings settings) {
        return new PeerForwarder(settings.forwardTimeout());
    }
}
