package io.profilestream.deployment;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * {@code profilestream.kafka.client.*} (common-model KafkaProperties) is a free-form map handed to
 * every Kafka client and to Kafka Streams: relaxed binding accepts any name below it, so what a
 * deployment sets there is checked against Kafka's own config names instead.
 */
final class KafkaClientSettings {

    static final String PREFIX = "profilestream.kafka.client";

    private static final Set<String> KAFKA_CONFIGS = kafkaConfigs();

    private KafkaClientSettings() {
    }

    /** The client map the services would bind from these environment variables. */
    static Map<String, String> bind(Map<String, String> environment) {
        Binder binder = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(environment))));
        return binder.bind(PREFIX, Bindable.mapOf(String.class, String.class)).orElse(Map.of());
    }

    /** Whether Kafka Streams or a producer, consumer or admin client defines this config. */
    static boolean isKafkaConfig(String name) {
        return KAFKA_CONFIGS.contains(name);
    }

    private static Set<String> kafkaConfigs() {
        Set<String> names = new HashSet<>();
        names.addAll(StreamsConfig.configDef().names());
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Set.copyOf(names);
    }
}
