package io.profilestream.model.retention;

import io.micrometer.core.instrument.MeterRegistry;
import io.profilestream.model.config.KafkaProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs a {@link ConsumedRecordsPurger} for the topics in {@code profilestream.purge.topics}; a
 * service imports it with {@code @Import(PurgeConfiguration.class)}. Each service purges the topics
 * it writes, so every time-retained topic has one owner.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PurgeProperties.class, KafkaProperties.class})
public class PurgeConfiguration {

    /** The purger, started at once (it only reads offsets until readers have committed) and closed with the context. */
    @Bean(destroyMethod = "close")
    public ConsumedRecordsPurger consumedRecordsPurger(PurgeProperties purge, KafkaProperties kafka,
                                                       @Value("${spring.application.name:profilestream}") String app,
                                                       ObjectProvider<MeterRegistry> registry) {
        ConsumedRecordsPurger purger = new ConsumedRecordsPurger(Admin.create(adminConfig(kafka, app)),
                purge.enabled() ? ConsumedRecordsPurger.requiredGroups(purge) : Map.of(), Duration.ofSeconds(10),
                registry.getIfAvailable());
        purger.start(purge.interval());
        return purger;
    }

    /**
     * The purger's admin client configuration: the shared client map (TLS/SASL, config providers)
     * first, then the bootstrap servers and a client id the map cannot override.
     */
    public static Map<String, Object> adminConfig(KafkaProperties kafka, String app) {
        Map<String, Object> config = new HashMap<>(kafka.client());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, app + "-purger");
        return config;
    }
}
