package io.profilestream.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The binding rules every environment variable check of compose and k8s relies on. */
class PropertyCatalogueTest {

    @Test
    void shouldMapBothUnderscoreFormsOfADashedPropertyToIt() {
        PropertyCatalogue filter = ServiceModule.PRIVACY_FILTER.properties();

        assertThat(filter.propertyFor("PROFILESTREAM_STREAMS_STATE_DIR")).contains("profilestream.streams.state-dir");
        assertThat(filter.propertyFor("PROFILESTREAM_STREAMS_STATEDIR")).contains("profilestream.streams.state-dir");
    }

    @Test
    void shouldFindNoPropertyForAMisspelledVariable() {
        assertThat(ServiceModule.PRIVACY_FILTER.properties().propertyFor("PROFILESTREAM_STREAM_STATE_DIR")).isEmpty();
    }

    @Test
    void shouldMapAVariableBelowAMapPropertyToTheMap() {
        assertThat(ServiceModule.RECOMMENDER.properties().propertyFor("PROFILESTREAM_KAFKA_CLIENT_NUM_STANDBY_REPLICAS"))
                .contains("profilestream.kafka.client");
    }

    @Test
    void shouldOfferACommonModelPropertyOnlyToServicesThatEnableItsClass() {
        assertThat(ServiceModule.INGEST.properties().propertyFor("PROFILESTREAM_PRIVACY_HMAC_KEY")).contains("profilestream.privacy.hmac-key");
        assertThat(ServiceModule.PROFILE_UPDATER.properties().propertyFor("PROFILESTREAM_PRIVACY_HMAC_KEY")).isEmpty();
        assertThat(ServiceModule.PROFILE_UPDATER.properties().propertyFor("PROFILESTREAM_ENCRYPTION_MASTER_KEY"))
                .contains("profilestream.encryption.master-key");
        assertThat(ServiceModule.PRIVACY_FILTER.properties().propertyFor("PROFILESTREAM_ENCRYPTION_MASTER_KEY")).isEmpty();
        assertThat(ServiceModule.INGEST.properties().propertyFor("PROFILESTREAM_STREAMS_STATE_DIR")).isEmpty();
    }

    @Test
    void shouldAcceptSpringBootPropertiesOnlyInTheAllowedGroups() {
        PropertyCatalogue ingest = ServiceModule.INGEST.properties();

        assertThat(ingest.propertyFor("SERVER_PORT")).contains("server.port");
        assertThat(ingest.propertyFor("SPRING_PROFILES_ACTIVE")).contains("spring.profiles.active");
        assertThat(ingest.propertyFor("LOGGING_STRUCTURED_FORMAT_CONSOLE")).contains("logging.structured.format.console");
        assertThat(ingest.propertyFor("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED")).contains("management.endpoint.health.probes.enabled");
        assertThat(ingest.propertyFor("JAVA_TOOL_OPTIONS")).contains("JAVA_TOOL_OPTIONS");
        // A real Spring Boot property, but of an auto-configuration these services do not have (no spring-kafka).
        assertThat(ingest.propertyFor("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEmpty();
        assertThat(ingest.propertyFor("MANAGEMENT_ENDPOINT_HEALTH_PROBE_ENABLED")).isEmpty();
    }

    @Test
    void shouldBindKafkaClientVariablesToDottedKafkaConfigNames() {
        assertThat(KafkaClientSettings.bind(Map.of("PROFILESTREAM_KAFKA_CLIENT_NUM_STANDBY_REPLICAS", "1",
                "PROFILESTREAM_KAFKA_CLIENT_SECURITY_PROTOCOL", "SSL")))
                .isEqualTo(Map.of("num.standby.replicas", "1", "security.protocol", "SSL"));
    }

    @Test
    void shouldKnowKafkaStreamsAndClientConfigNamesOnly() {
        assertThat(KafkaClientSettings.isKafkaConfig("num.standby.replicas")).isTrue();
        assertThat(KafkaClientSettings.isKafkaConfig("security.protocol")).isTrue();
        assertThat(KafkaClientSettings.isKafkaConfig("num.standby.replica")).isFalse();
    }
}
