package io.profilestream.recommender.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.streams.ManagedKafkaStreams;
import io.profilestream.recommender.RecommenderTopology;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class KafkaStreamsHealthIndicatorTest {

    @Test
    void shouldBeDownUntilStreamsHasStarted() {
        RecommenderSettings settings = RecommenderSettings.defaults();
        ManagedKafkaStreams streams = new ManagedKafkaStreams(
                RecommenderTopology.build(settings, new CatalogueIndex(settings.popularityHalfLife())), new Properties());

        Health health = new KafkaStreamsHealthIndicator(streams).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).isEqualTo(Map.of("state", "NOT_STARTED"));
    }
}
