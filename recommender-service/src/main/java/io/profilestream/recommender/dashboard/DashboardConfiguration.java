package io.profilestream.recommender.dashboard;

import io.micrometer.core.instrument.MeterRegistry;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.VersionedModels;
import io.profilestream.recommender.api.RecommendationService;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.segment.Segments;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the dashboard's service from the recommender's own beans. A {@code @Configuration} of its
 * own, so web-layer test slices (which skip configuration classes) do not need these beans.
 */
@Configuration(proxyBeanMethods = false)
public class DashboardConfiguration {

    /** Long enough to smooth out batching (events arrive in poll batches), short enough to look live. */
    static final Duration RATE_WINDOW = Duration.ofSeconds(5);

    @Bean
    DashboardService dashboardService(RecommendationService recommendations, CatalogueIndex catalogue,
                                      ModelRegistry models, MeterRegistry registry, Clock clock,
                                      ObjectProvider<VersionedModels<Segments>> segments) {
        return new DashboardService(recommendations, catalogue, models, new RateMeter(registry, clock, RATE_WINDOW),
                segments.getIfAvailable(), clock);
    }
}
