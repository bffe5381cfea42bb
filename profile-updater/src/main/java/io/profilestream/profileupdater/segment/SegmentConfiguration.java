package io.profilestream.profileupdater.segment;

import io.profilestream.ml.segment.NearestCentroidSegmentModel;
import io.profilestream.ml.segment.SegmentArtifact;
import io.profilestream.ml.segment.SegmentModel;
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
 * The segment model when {@code profilestream.segments.model} is set: one artifact loaded at
 * start-up, or a models directory followed for the trainer's periodic re-fits
 * ({@link SegmentSettings}); exposed as health component {@code segmentModel}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SegmentSettings.class)
public class SegmentConfiguration {

    /**
     * A single artifact that cannot be used, or was fitted on profiles folded with other settings
     * than this service's (its features would mean something else), fails start-up; a version in a
     * models directory with either problem is refused and the previous version stays.
     */
    @Bean
    @ConditionalOnProperty(prefix = "profilestream.segments", name = "model")
    SegmentAssigner segmentAssigner(SegmentSettings settings, ProfileSettings profile, ObjectProvider<Clock> clock) {
        return new SegmentAssigner(VersionedModels.open(SegmentAssigner.WHAT, settings.model(), SegmentArtifact.FILE,
                path -> load(path, profile), SegmentModel::version, settings.pollInterval()),
                clock.getIfAvailable(Clock::systemUTC));
    }

    /** Named {@code segmentModel}: always UP; which segment model profiles are placed with, if any, and the last refusal. */
    @Bean("segmentModel")
    HealthIndicator segmentModelHealthIndicator(ObjectProvider<SegmentAssigner> assigner) {
        SegmentAssigner a = assigner.getIfAvailable();
        return new RefittedModelHealth<>(a == null ? null : a.models(), "profilestream.segments.model", model -> {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("segments", model.k());
            return facts;
        });
    }

    /** Loads one artifact (directory or file) and checks it fits this service's fold settings. */
    static SegmentModel load(Path path, ProfileSettings profile) {
        SegmentModel model = SegmentModel.load(path);
        if (model instanceof NearestCentroidSegmentModel nearest) {
            checkFold(path, nearest.artifact(), profile);
        }
        return model;
    }

    static void checkFold(Path path, SegmentArtifact artifact, ProfileSettings profile) {
        FoldCompatibility.require(path, "segment model " + artifact.modelVersion(), artifact.fold(), profile,
                "fitted", "re-fit it");
    }
}
