package io.profilestream.profileupdater.churn;

import io.profilestream.ml.churn.ChurnArtifact;
import io.profilestream.ml.churn.ChurnModel;
import io.profilestream.ml.churn.LogisticChurnModel;
import io.profilestream.ml.serving.VersionedModels;
import io.profilestream.profileupdater.profile.FoldCompatibility;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.profileupdater.refit.RefittedModelHealth;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The churn model when {@code profilestream.churn.model} is set: one artifact loaded at start-up,
 * or a models directory followed for re-fitted versions ({@link ChurnSettings}); exposed as health
 * component {@code churnModel}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChurnSettings.class)
public class ChurnConfiguration {

    /**
     * A single artifact that cannot be used, or was trained on profiles folded with other settings
     * than this service's (its features would mean something else), fails start-up; a version in a
     * models directory with either problem is refused and the previous version stays.
     */
    @Bean
    @ConditionalOnProperty(prefix = "profilestream.churn", name = "model")
    ChurnScorer churnScorer(ChurnSettings settings, ProfileSettings profile, ObjectProvider<Clock> clock) {
        return new ChurnScorer(VersionedModels.open(ChurnScorer.WHAT, settings.model(), ChurnArtifact.FILE,
                path -> load(path, profile), ChurnModel::version, settings.pollInterval()),
                clock.getIfAvailable(Clock::systemUTC));
    }

    /** Named {@code churnModel}: always UP; which churn model profiles are scored with, if any, and the last refusal. */
    @Bean("churnModel")
    HealthIndicator churnModelHealthIndicator(ObjectProvider<ChurnScorer> scorer) {
        ChurnScorer s = scorer.getIfAvailable();
        return new RefittedModelHealth<>(s == null ? null : s.models(), "profilestream.churn.model", model -> {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("horizonHours", model.horizon().toHours());
            return facts;
        });
    }

    /** Loads one artifact (directory or file) and checks it fits this service's fold settings. */
    static ChurnModel load(Path path, ProfileSettings profile) {
        ChurnModel model = ChurnModel.load(path);
        if (model instanceof LogisticChurnModel logistic) {
            checkFold(path, logistic.artifact(), profile);
        }
        return model;
    }

    static void checkFold(Path path, ChurnArtifact artifact, ProfileSettings profile) {
        FoldCompatibility.require(path, "churn model " + artifact.modelVersion(), artifact.fold(), profile,
                "trained", "retrain it");
    }
}
