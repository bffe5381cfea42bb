package io.profilestream.profileupdater.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class ProfileSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ProfileSettings.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void shouldBindTheDocumentedDefaultsWhenNothingIsConfigured() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ProfileSettings.class)).isEqualTo(ProfileSettings.defaults());
            assertThat(ProfileSettings.defaults()).isEqualTo(new ProfileSettings(Duration.ofDays(7), 50, Duration.ofMinutes(30),
                    20, 200, new ProfileSettings.Weights(1.0, 0.5, 3.0, 0.0, 5.0, 2.0, 2.5), 50,
                    Duration.ofDays(400), Set.of(), Duration.ofHours(1),
                    new ProfileSettings.OpenedCache(1024, Duration.ofMinutes(2))));
        });
    }

    @Test
    void shouldBindKebabCasePropertiesIncludingWeights() {
        runner.withPropertyValues(
                        "profilestream.profile.affinity-half-life=3d",
                        "profilestream.profile.max-affinity-entries=10",
                        "profilestream.profile.session-gap=15m",
                        "profilestream.profile.recent-items=5",
                        "profilestream.profile.purchased-items=7",
                        "profilestream.profile.weights.add-to-cart=4",
                        "profilestream.profile.weights.remove-from-cart=0.25",
                        "profilestream.profile.weights.rating-neutral=3",
                        "profilestream.profile.session-items-cap=12",
                        "profilestream.profile.retention=90d",
                        "profilestream.profile.retired-key-ids=k0,k1",
                        "profilestream.profile.expiry-sweep-interval=10m",
                        "profilestream.profile.opened-cache.size=0",
                        "profilestream.profile.opened-cache.idle=30s")
                .run(context -> assertThat(context.getBean(ProfileSettings.class)).isEqualTo(new ProfileSettings(
                        Duration.ofDays(3), 10, Duration.ofMinutes(15), 5, 7,
                        new ProfileSettings.Weights(1.0, 0.5, 4.0, 0.25, 5.0, 2.0, 3.0), 12,
                        Duration.ofDays(90), Set.of("k0", "k1"), Duration.ofMinutes(10),
                        new ProfileSettings.OpenedCache(0, Duration.ofSeconds(30)))));
    }

    @Test
    void shouldBindRetiredKeyIdsGivenAsAnIndexedList() {
        runner.withPropertyValues("profilestream.profile.retired-key-ids[0]=k1")
                .run(context -> assertThat(context.getBean(ProfileSettings.class).retiredKeyIds()).containsExactly("k1"));
    }

    @Test
    void shouldRefuseToStartWithAZeroRetention() {
        runner.withPropertyValues("profilestream.profile.retention=0s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("profilestream.profile.retention must be positive"));
    }

    @Test
    void shouldRefuseToStartWithANegativeRetention() {
        runner.withPropertyValues("profilestream.profile.retention=-1d")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("profilestream.profile.retention must be positive"));
    }

    @Test
    void shouldRefuseToStartWithASweepIntervalUnderOneSecond() {
        runner.withPropertyValues("profilestream.profile.expiry-sweep-interval=999ms")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("profilestream.profile.expiry-sweep-interval must be at least 1s"));
    }

    @Test
    void shouldRefuseToStartWithANegativeOpenedCacheSize() {
        runner.withPropertyValues("profilestream.profile.opened-cache.size=-1")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("profilestream.profile.opened-cache.size must be >= 0 (0 turns the cache off)"));
    }

    @Test
    void shouldRefuseToStartWithAnOpenedCacheIdleTimeUnderOneSecond() {
        runner.withPropertyValues("profilestream.profile.opened-cache.idle=500ms")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("profilestream.profile.opened-cache.idle must be at least 1s"));
    }

    @Test
    void shouldRefuseToStartWithABlankRetiredKeyId() {
        runner.withPropertyValues("profilestream.profile.retired-key-ids[0]= ")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("profilestream.profile.retired-key-ids must not contain a blank key id"));
    }

    @Test
    void shouldRefuseToStartWithAZeroHalfLife() {
        runner.withPropertyValues("profilestream.profile.affinity-half-life=0s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("profilestream.profile.affinity-half-life must be positive"));
    }

    @Test
    void shouldRefuseToStartWithANegativeWeight() {
        runner.withPropertyValues("profilestream.profile.weights.view=-1")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("profilestream.profile.weights.view must be >= 0"));
    }

    @Test
    void shouldRefuseToStartWithoutRoomForRecentItems() {
        runner.withPropertyValues("profilestream.profile.recent-items=0")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("profilestream.profile.recent-items must be at least 1"));
    }

    @Test
    void shouldRefuseToStartWithoutRoomForSessionItems() {
        runner.withPropertyValues("profilestream.profile.session-items-cap=0")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("profilestream.profile.session-items-cap must be at least 1"));
    }
}
