package io.profilestream.recommender.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class RecommenderSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RecommenderSettings.class)
    static class Bind {
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bind.class);

    @Test
    void shouldBindTheDocumentedDefaults() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(RecommenderSettings.class)).isEqualTo(RecommenderSettings.defaults());
        });
    }

    @Test
    void shouldBindOverrides() {
        runner.withPropertyValues("profilestream.recommender.popularity-half-life=6h",
                        "profilestream.recommender.brand-weight=0.25", "profilestream.recommender.max-k=50",
                        "profilestream.recommender.opened-profiles=0")
                .run(context -> {
                    RecommenderSettings settings = context.getBean(RecommenderSettings.class);
                    assertThat(settings.popularityHalfLife()).isEqualTo(Duration.ofHours(6));
                    assertThat(settings.brandWeight()).isEqualTo(0.25);
                    assertThat(settings.maxK()).isEqualTo(50);
                    assertThat(settings.openedProfiles()).isZero();
                });
    }

    @Test
    void shouldRefuseToStartWithAZeroHalfLife() {
        runner.withPropertyValues("profilestream.recommender.popularity-half-life=0s").run(context ->
                assertThat(context).getFailure().rootCause().message()
                        .contains("profilestream.recommender.popularity-half-life must be positive (at least 1ms)"));
    }

    @Test
    void shouldRefuseADefaultKAboveMaxK() {
        runner.withPropertyValues("profilestream.recommender.max-k=10").run(context ->
                assertThat(context).getFailure().rootCause().message()
                        .contains("profilestream.recommender.default-k must not exceed profilestream.recommender.max-k"));
    }

    @Test
    void shouldRefuseANegativeNumberOfOpenedProfiles() {
        runner.withPropertyValues("profilestream.recommender.opened-profiles=-1").run(context ->
                assertThat(context).getFailure().rootCause().message()
                        .contains("profilestream.recommender.opened-profiles must be >= 0 (0 turns the cache off)"));
    }

    @Test
    void shouldRefuseToNeverShowAnItem() {
        runner.withPropertyValues("profilestream.recommender.max-times-shown=0").run(context ->
                assertThat(context).getFailure().rootCause().message()
                        .contains("profilestream.recommender.max-times-shown must be >= 1"));
    }

    @Test
    void shouldRefuseNegativeWeights() {
        runner.withPropertyValues("profilestream.recommender.exploration=-0.1").run(context ->
                assertThat(context).getFailure().rootCause().message()
                        .contains("profilestream.recommender.exploration must be >= 0"));
    }

    @Test
    void shouldRefuseARankedCacheShallowerThanMaxK() {
        runner.withPropertyValues("profilestream.recommender.ranked-cache-depth=50").run(context ->
                assertThat(context).getFailure().rootCause().message()
                        .contains("profilestream.recommender.ranked-cache-depth must be >= profilestream.recommender.max-k"));
    }

    @Test
    void shouldNotCheckTheDepthWhileTheCacheIsOff() {
        runner.withPropertyValues("profilestream.recommender.ranked-cache-size=0",
                        "profilestream.recommender.ranked-cache-depth=50")
                .run(context -> {
                    RecommenderSettings settings = context.getBean(RecommenderSettings.class);
                    assertThat(settings.rankedCacheSize()).isZero();
                    assertThat(settings.rankedCacheDepth()).isEqualTo(50);
                });
    }

    @Test
    void shouldRefuseANegativeRankedCacheSize() {
        runner.withPropertyValues("profilestream.recommender.ranked-cache-size=-1").run(context ->
                assertThat(context).getFailure().rootCause().message()
                        .contains("profilestream.recommender.ranked-cache-size must be >= 0 (0 turns the cache off)"));
    }

    @Test
    void shouldRefuseAZeroRankedCacheTtl() {
        runner.withPropertyValues("profilestream.recommender.ranked-cache-ttl=0s").run(context ->
                assertThat(context).getFailure().rootCause().message()
                        .contains("profilestream.recommender.ranked-cache-ttl must be positive (at least 1ms)"));
    }

    @Test
    void shouldRefuseAMaxAgeShorterThanTheTtl() {
        runner.withPropertyValues("profilestream.recommender.ranked-cache-ttl=2m",
                "profilestream.recommender.ranked-cache-max-age=1m").run(context ->
                assertThat(context).getFailure().rootCause().message()
                        .contains("profilestream.recommender.ranked-cache-max-age must be >= profilestream.recommender.ranked-cache-ttl"));
    }

    @Test
    void shouldNotCheckTheMaxAgeWhileTheCacheIsOff() {
        runner.withPropertyValues("profilestream.recommender.ranked-cache-size=0",
                "profilestream.recommender.ranked-cache-ttl=2h", "profilestream.recommender.ranked-cache-max-age=10m")
                .run(context -> assertThat(context.getBean(RecommenderSettings.class).rankedCacheTtl())
                        .isEqualTo(java.time.Duration.ofHours(2)));
    }
}
