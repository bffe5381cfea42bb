package io.profilestream.recommender.segment;

import io.profilestream.ml.segment.SegmentArtifact;
import io.profilestream.ml.serving.VersionedModels;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The segment model when {@code profilestream.segments.model} is set: one artifact loaded at
 * start-up (an unusable one fails start-up with its problem), or a models directory followed for
 * the trainer's periodic re-fits ({@link SegmentSettings}); exposed as health component
 * {@code segmentModel}.
 *
 * <p>Unlike profile-updater, this service does not check the artifact's fold settings: it folds no
 * profiles itself, it reads the ones profile-updater folded (which refuses a mismatching model).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SegmentSettings.class)
public class SegmentConfiguration {

    /** What the segment models are called in logs. */
    static final String WHAT = "Segment model";

    @Bean
    @ConditionalOnProperty(prefix = "profilestream.segments", name = "model")
    VersionedModels<Segments> segmentModels(SegmentSettings settings) {
        return VersionedModels.open(WHAT, settings.model(), SegmentArtifact.FILE, Segments::load, Segments::version,
                settings.pollInterval());
    }

    /** Named {@code segmentModel}: always UP; which segment model is served, if any, and the last refusal. */
    @Bean("segmentModel")
    HealthIndicator segmentModelHealthIndicator(ObjectProvider<VersionedModels<Segments>> models) {
        return new SegmentModelHealthIndicator(models.getIfAvailable());
    }
}
