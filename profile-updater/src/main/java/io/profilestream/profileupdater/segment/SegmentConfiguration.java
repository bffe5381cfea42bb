package io.profilestream.profileupdater.segment;

import io.profilestream.ml.segment.NearestCentroidSegmentModel;
import io.profilestream.ml.segment.SegmentArtifact;
import io.profilestream.ml.segment.SegmentModel;
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
 * Loads the segment model once at start-up when {@code profilestream.segments.model} is set, and
 * exposes it as health component {@code segmentModel}. Loaded once, like the churn model: a
 * re-fit (the trainer's {@code segments} on a schedule) comes with a rollout of the new artifact.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SegmentSettings.class)
public class SegmentConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentConfiguration.class);

    /**
     * Fails start-up with the artifact's problem when it cannot be used, or when it was fitted on
     * profiles folded with other settings than this service's (its features would mean something else).
     */
    @Bean
    @ConditionalOnProperty(prefix = "profilestream.segments", name = "model")
    SegmentAssigner segmentAssigner(SegmentSettings settings, ProfileSettings profile, ObjectProvider<Clock> clock) {
        SegmentModel model = SegmentModel.load(settings.model());
        if (model instanceof NearestCentroidSegmentModel nearest) {
            checkFold(nearest.artifact(), profile, settings);
        }
        LOG.info("Segment model {} loaded from {} ({} segments)", model.version(), settings.model().toAbsolutePath(),
                model.k());
        return new SegmentAssigner(model, clock.getIfAvailable(Clock::systemUTC));
    }

    /** Named {@code segmentModel}: always UP; says which segment model profiles are placed with, if any. */
    @Bean("segmentModel")
    HealthIndicator segmentModelHealthIndicator(ObjectProvider<SegmentAssigner> assigner) {
        SegmentAssigner a = assigner.getIfAvailable();
        Health health = a == null
                ? Health.up().withDetail("version", "none").withDetail("reason", "profilestream.segments.model is not set").build()
                : Health.up().withDetail("version", a.model().version()).withDetail("segments", a.model().k()).build();
        return () -> health;
    }

    static void checkFold(SegmentArtifact artifact, ProfileSettings profile, SegmentSettings settings) {
        FoldCompatibility.require(settings.model(), "segment model " + artifact.modelVersion(), artifact.fold(), profile,
                "fitted", "re-fit it");
    }
}
