package io.profilestream.profileupdater;

import io.micrometer.core.instrument.MeterRegistry;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.profileupdater.neural.ModelHealthIndicator;
import io.profilestream.profileupdater.neural.ModelRegistryMetrics;
import io.profilestream.profileupdater.neural.ModelSettings;
import io.profilestream.profileupdater.neural.NeuralMetrics;
import io.profilestream.profileupdater.neural.NeuralProfileStep;
import io.profilestream.profileupdater.neural.NeuralStep;
import io.profilestream.profileupdater.profile.ProfileSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the model side: the {@link ModelRegistry} watching {@code profilestream.model.dir} (only
 * when that is set), the {@link NeuralStep} the topology runs, their metrics and the {@code model}
 * health component.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ModelSettings.class)
public class ModelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ModelConfiguration.class);

    /**
     * Scans once before returning, so a model already exported is in use before Kafka Streams
     * processes its first event, then polls; closed (poller stopped) with the context.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "profilestream.model", name = "dir")
    ModelRegistry modelRegistry(ModelSettings settings, MeterRegistry meters) {
        ModelRegistry registry = new ModelRegistry(settings.dir().toAbsolutePath(), ServingModels::loadForStepping);
        ModelRegistryMetrics.bind(registry, meters);
        registry.scan();
        if (registry.current().isEmpty()) {
            LOG.warn("No usable model in {} yet: profiles get explicit features only until one is exported there "
                    + "(checked every {})", settings.dir().toAbsolutePath(), settings.pollInterval());
        }
        registry.start(settings.pollInterval());
        return registry;
    }

    @Bean
    NeuralStep neuralStep(ObjectProvider<ModelRegistry> registry, ProfileSettings profile, MeterRegistry meters) {
        ModelRegistry models = registry.getIfAvailable();
        if (models == null) {
            LOG.warn("profilestream.model.dir is not set: the LSTM step is off and profiles carry explicit features only");
            return NeuralStep.disabled();
        }
        return new NeuralProfileStep(models, profile.sessionItemsCap(), new NeuralMetrics(meters));
    }

    /**
     * Named {@code model}: its component name under /actuator/health, in the readiness group;
     * OUT_OF_SERVICE without a model only when {@code profilestream.model.required-for-readiness} is set.
     */
    @Bean("model")
    HealthIndicator modelHealthIndicator(ObjectProvider<ModelRegistry> registry, ModelSettings settings) {
        return new ModelHealthIndicator(registry.getIfAvailable(), settings.requiredForReadiness());
    }
}
