package io.profilestream.recommender.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.ml.serving.ServingModel;
import io.profilestream.model.profile.UserProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankedListCacheTest {

    @TempDir
    Path models;

    /** The replace tests' shared arrangement: a user's first ranking of the LSTM model in a stopped-clock cache. */
    private final RankedListCache cache = stoppedClockCache();
    private final UserProfile profile = UserProfile.empty("u");
    private ServingModel model;
    private RankedList first;

    @BeforeEach
    void lstmModelAndFirstRanking() throws IOException {
        model = RankedLists.lstmModel(models);
        first = ranking(model, Set.of());
    }

    @Test
    void shouldKeepEntriesForDurationsLongerThanNanosecondsCanHold() throws IOException {
        AtomicLong nanos = new AtomicLong(Long.MAX_VALUE - 5);
        Duration forever = Duration.ofDays(365L * 1_000);
        RankedListCache lasting = new RankedListCache(10, forever, forever, 100, nanos::get, () -> 0.99);

        lasting.put("u", profile, first);
        nanos.addAndGet(Duration.ofDays(365).toNanos());

        assertThat(lasting.get("u", first.modelVersion(), profile)).containsSame(first);
    }

    @Test
    void shouldReplaceARankingOnlyWhileTheEntryStillHoldsTheExpectedOne() throws IOException {
        RankedList ahead = ranking(model, Set.of("item-1"));
        RankedList other = ranking(model, Set.of("item-2"));

        cache.put("u", profile, first);
        boolean replaced = cache.replace("u", first, profile, ahead);
        boolean replacedTwice = cache.replace("u", first, profile, other);
        boolean absent = cache.replace("nobody", first, profile, other);

        assertThat(replaced).isTrue();
        assertThat(replacedTwice).isFalse();
        assertThat(absent).isFalse();
        assertThat(cache.get("u", ahead.modelVersion(), profile)).containsSame(ahead);
        assertThat(cache.get("nobody", ahead.modelVersion(), profile)).isEmpty();
    }

    @Test
    void shouldNotBringBackARankingInvalidatedBeforeItsReplacementArrived() throws IOException {
        cache.put("u", profile, first);
        cache.invalidate("u");

        assertThat(cache.replace("u", first, profile, ranking(model, Set.of("item-1")))).isFalse();
        assertThat(cache.size()).isZero();
    }

    @Test
    void shouldNotReplaceARankingWithOneFromAnotherModelVersion(@TempDir Path otherModels) throws IOException {
        RankedList hybrid = ranking(RankedLists.hybridModel(otherModels), Set.of("item-1"));

        cache.put("u", profile, first);

        assertThat(cache.replace("u", first, profile, hybrid)).isFalse();
        assertThat(cache.get("u", "v1", profile)).containsSame(first);
    }

    /** A cache of 10 users (30 s TTL, 10 min max age) on a clock that never moves. */
    private static RankedListCache stoppedClockCache() {
        return new RankedListCache(10, Duration.ofSeconds(30), Duration.ofMinutes(10), 100, new AtomicLong()::get, () -> 0.0);
    }

    private static RankedList ranking(ServingModel model, Set<String> without) {
        return RankedList.of(RankedLists.rank(model, 20, without), without).orElseThrow();
    }

    @Test
    void shouldRefuseAMaxAgeShorterThanTheTtl() {
        assertThatThrownBy(() -> new RankedListCache(10, Duration.ofMinutes(2), Duration.ofMinutes(1), 100,
                System::nanoTime, () -> 0.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAge >= ttl");
    }
}
