package io.profilestream.recommender.config;

import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.PrivacyProperties;
import io.profilestream.model.config.StreamsProperties;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.streams.KafkaStreamsHealthIndicator;
import io.profilestream.model.streams.ManagedKafkaStreams;
import io.profilestream.model.streams.StreamsConfigFactory;
import io.profilestream.recommender.RecommenderTopology;
import io.profilestream.recommender.api.PeerForwarder;
import io.profilestream.recommender.api.RecommendationService;
import io.profilestream.recommender.api.StoreQueries;
import io.profilestream.recommender.api.StreamsStoreQueries;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.ranking.AffinityPopularityRanker;
import io.profilestream.recommender.ranking.RankingWeights;
import java.time.Clock;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.boot.actuate.health.HealthIndicator;
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
@EnableConfigurationProperties({KafkaProperties.class, StreamsProperties.class, PrivacyProperties.class,
        RecommenderSettings.class})
public class RecommenderConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CatalogueIndex catalogueIndex(RecommenderSettings settings) {
        return new CatalogueIndex(settings.popularityHalfLife());
    }

    @Bean
    Topology recommenderTopology(RecommenderSettings settings, CatalogueIndex index) {
        return RecommenderTopology.build(settings, index);
    }

    @Bean
    ManagedKafkaStreams managedKafkaStreams(Topology topology, KafkaProperties kafka, StreamsProperties streams) {
        return new ManagedKafkaStreams(topology, StreamsConfigFactory.create(kafka, streams));
    }

    /** Named {@code kafkaStreams}: the health component the local stack waits for. */
    @Bean("kafkaStreams")
    HealthIndicator kafkaStreamsHealthIndicator(ManagedKafkaStreams streams) {
        return new KafkaStreamsHealthIndicator(streams);
    }

    /** The privacy filter's key: a raw user id maps to the same pseudonym the profiles are keyed by. */
    @Bean
    Pseudonymizer pseudonymizer(PrivacyProperties privacy, Environment environment) {
        return Pseudonymizer.fromProperties(privacy, environment.acceptsProfiles(Profiles.of("local")));
    }

    @Bean
    StoreQueries storeQueries(ManagedKafkaStreams streams, StreamsProperties properties) {
        String endpoint = properties.applicationServer();
        HostInfo self = endpoint.isBlank() ? null : HostInfo.buildFromEndpoint(endpoint);
        return new StreamsStoreQueries(streams, self);
    }

    @Bean
    AffinityPopularityRanker affinityPopularityRanker(CatalogueIndex index, RecommenderSettings settings) {
        return new AffinityPopularityRanker(index, RankingWeights.from(settings));
    }

    @Bean
    RecommendationService recommendationService(Pseudonymizer pseudonymizer, StoreQueries stores,
                                                AffinityPopularityRanker ranker, Clock clock,
                                                RecommenderSettings settings) {
        return new RecommendationService(pseudonymizer, stores, ranker, clock, settings.maxK());
    }

    @Bean
    PeerForwarder peerForwarder(RecommenderSettings settings) {
        return new PeerForwarder(settings.forwardTimeout());
    }
}
