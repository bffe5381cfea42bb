package io.profilestream.recommender.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.profile.UserProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankedListCacheTest {

    @TempDir
    Path models;

    @Test
    void shouldKeepEntriesForDurationsLongerThanNanosecondsCanHold() throws IOException {
        AtomicLong nanos = new AtomicLong(Long.MAX_VALUE - 5);
        Duration forever = Duration.ofDays(365L * 1_000);
        RankedListCache cache = new RankedListCache(10, forever, forever, 100, nanos::get, () -> 0.99);
        UserProfile profile = UserProfile.empty("u");
        RankedList list = RankedLists.lstmRanking(models);

        cache.put("u", profile, list);
        nanos.addAndGet(Duration.ofDays(365).toNanos());

        assertThat(cache.get("u", list.modelVersion(), profile)).containsSame(list);
    }

    @Test
    void shouldRefuseAMaxAgeShorterThanTheTtl() {
        assertThatThrownBy(() -> new RankedListCache(10, Duration.ofMinutes(2), Duration.ofMinutes(1), 100,
                System::nanoTime, () -> 0.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAge >= ttl");
    }
}
