package io.profilestream.recommender.segment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the segment model once at start-up when {@code profilestream.segments.model} is set; an
 * unusable artifact fails start-up with its problem. Loaded once, as in profile-updater: a re-fit
 * comes with a rollout of the new artifact.
 *
 * <p>Unlike profile-updater, this service does not check the artifact's fold settings: it folds no
 * profiles itself, it reads the ones profile-updater folded (which refuses a mismatching model).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SegmentSettings.class)
public class SegmentConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentConfiguration.class);

    @Bean
    @ConditionalOnProperty(prefix = "profilestream.segments", name = "model")
    Segments segments(SegmentSettings settings) {
        Segments segments = Segments.load(settings.model());
        LOG.info("Segment model {} loaded from {} ({} segments)", segments.version(),
                settings.model().toAbsolutePath(), segments.k());
        return segments;
    }
}
