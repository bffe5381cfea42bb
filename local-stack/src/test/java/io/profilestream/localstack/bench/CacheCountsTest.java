package io.profilestream.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CacheCountsTest {

    static final String EXPOSITION = """
            # HELP profilestream_recommendations_cache_total Model-path recommendation requests by ranked-list cache result
            # TYPE profilestream_recommendations_cache_total counter
            profilestream_recommendations_cache_total{result="hit"} 30410.0
            profilestream_recommendations_cache_total{result="miss",} 1590.0
            profilestream_recommendations_cache_total{application="x",result="refill"} 12.0
            profilestream_recommendations_served_total{path="lstm+mlp"} 32012.0
            """;

    @Test
    void shouldReadTheThreeCacheSeriesWithOrWithoutOtherLabels() {
        assertThat(CacheCounts.parse(EXPOSITION)).isEqualTo(new CacheCounts(30410, 1590, 12));
    }

    @Test
    void shouldPrintTheRunsCountsAndHitRatio() {
        CacheCounts before = new CacheCounts(2000, 0, 0);

        assertThat(CacheCounts.line(before, CacheCounts.parse(EXPOSITION)))
                .isEqualTo("cache: 28,410 hits, 1,590 misses, 12 refills (94.7 % hits)");
    }

    @Test
    void shouldSayWhenNoRequestTookTheModelPath() {
        assertThat(CacheCounts.line(new CacheCounts(5, 1, 0), new CacheCounts(5, 1, 0)))
                .isEqualTo("cache: no model-path lookups (cache off, or no request took the model path)");
    }

    @Test
    void shouldSayWhenTheCountersCouldNotBeScraped() {
        assertThat(CacheCounts.line(null, new CacheCounts(5, 1, 0)))
                .isEqualTo("cache: counters unavailable (profilestream_recommendations_cache_total could not be scraped)");
    }
}
