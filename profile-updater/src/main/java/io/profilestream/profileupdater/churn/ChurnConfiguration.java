package io.profilestream.profileupdater.churn;

import io.profilestream.ml.churn.ChurnArtifact;
import io.profilestream.ml.churn.ChurnModel;
import io.profilestream.ml.churn.LogisticChurnModel;
import io.profilestream.profileupdater.profile.FoldCompatibility;
import io.profilestream.profileupdater.profile.ProfileSettings;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the churn model once at start-up when {@code profilestream.churn.model} is set, and
 * exposes it as health component {@code churnModel}. Loaded once, not watched like the next-item
 * models: a churn model changes with a retraining, which comes with a deployment.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChurnSettings.class)
public class ChurnConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ChurnConfiguration.class);

    /**
     * Fails start-up with the artifact's problem when it cannot be used, or when it was trained on
     * profiles folded with other settings than this service's (its features would mean something else).
     */
    @Bean
    @ConditionalOnProperty(prefix = "profilestream.churn", name = "model")
    ChurnScorer churnScorer(ChurnSettings settings, ProfileSettings profile, ObjectProvider<Clock> clock) {
        ChurnModel model = ChurnModel.load(settings.model());
        if (model instanceof LogisticChurnModel logistic) {
            checkFold(logistic.artifact(), profile, settings);
        }
        LOG.info("Churn model {} loaded from {} (horizon {} h)", model.version(), settings.model().toAbsolutePath(),
                model.horizon().toHours());
        return new ChurnScorer(model, clock.getIfAvailable(Clock::systemUTC));
    }

    /** Named {@code churnModel}: always UP; says which churn model profiles are scored with, if any. */
    @Bean("churnModel")
    HealthIndicator churnModelHealthIndicator(ObjectProvider<ChurnScorer> scorer) {
        ChurnScorer s = scorer.getIfAvailable();
        Health health = s == null
                ? Health.up().withDetail("version", "none").withDetail("reason", "profilestream.churn.model is not set").build()
                : Health.up().withDetail("version", s.model().version())
                        .withDetail("horizonHours", s.model().horizon().toHours()).build();
        return () -> health;
    }

    static void checkFold(ChurnArtifact artifact, ProfileSettings profile, ChurnSettings settings) {
        FoldCompatibility.require(settings.model(), "churn model " + artifact.modelVersion(), artifact.fold(), profile,
                "trained", "retrain it");
    }
}
