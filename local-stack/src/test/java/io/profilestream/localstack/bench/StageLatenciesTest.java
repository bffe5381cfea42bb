package io.profilestream.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StageLatenciesTest {

    private static String exposition(String stage, long upTo5ms, long upTo50ms, long upTo200ms, long total) {
        return """
                # TYPE profilestream_pipeline_latency_seconds histogram
                profilestream_pipeline_latency_seconds_bucket{application="x",stage="%1$s",le="0.005"} %2$d.0
                profilestream_pipeline_latency_seconds_bucket{application="x",stage="%1$s",le="0.05"} %3$d.0
                profilestream_pipeline_latency_seconds_bucket{application="x",stage="%1$s",le="0.2"} %4$d.0
                profilestream_pipeline_latency_seconds_bucket{application="x",stage="%1$s",le="+Inf"} %5$d.0
                profilestream_pipeline_latency_seconds_count{application="x",stage="%1$s"} %5$d.0
                profilestream_recommendations_cache_total{result="hit"} 30410.0
                """.formatted(stage, upTo5ms, upTo50ms, upTo200ms, total);
    }

    @Test
    void shouldReadEachStagesQuantilesFromTheBucketsRecordedBetweenTwoScrapes() {
        StageLatencies before = StageLatencies.parse(List.of(exposition("privacy-filter", 100, 100, 100, 100),
                exposition("profile-updater", 0, 0, 0, 0)));
        StageLatencies after = StageLatencies.parse(List.of(exposition("privacy-filter", 1090, 1099, 1100, 1100),
                exposition("profile-updater", 10, 900, 995, 1000)));

        StageLatencies phase = after.since(before);

        assertThat(phase.count("privacy-filter")).isEqualTo(1000);
        // 990 of 1,000 within 5 ms: p99 is in the first bucket, p99.9 in the second.
        assertThat(phase.quantileMillis("privacy-filter", 0.99)).isEqualTo(5.0);
        assertThat(phase.quantileMillis("privacy-filter", 0.999)).isEqualTo(50.0);
        assertThat(phase.quantileMillis("profile-updater", 0.5)).isEqualTo(50.0);
        assertThat(phase.quantileMillis("profile-updater", 0.99)).isEqualTo(200.0);
        assertThat(phase.quantileMillis("profile-updater", 0.999)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void shouldPrintOneLinePerStageInScrapeOrder() {
        StageLatencies phase = StageLatencies.parse(List.of(exposition("privacy-filter", 1000, 1000, 1000, 1000),
                exposition("recommender", 0, 500, 1000, 1000)));

        assertThat(phase.lines()).containsExactly(
                "privacy-filter: 1,000 records, p50 <= 5.00 ms, p90 <= 5.00 ms, p99 <= 5.00 ms, p99.9 <= 5.00 ms",
                "recommender: 1,000 records, p50 <= 50.00 ms, p90 <= 200.00 ms, p99 <= 200.00 ms, p99.9 <= 200.00 ms");
    }

    @Test
    void shouldReportNoQuantileForAStageWithoutRecords() {
        StageLatencies phase = StageLatencies.parse(List.of(exposition("recommender", 0, 0, 0, 0)));

        assertThat(phase.count("recommender")).isZero();
        assertThat(phase.quantileMillis("recommender", 0.99)).isNaN();
        assertThat(phase.count("absent")).isZero();
    }

    @Test
    void shouldReadAnyLabelledHistogramSuchAsTheRecommendersAnswerTimePerPath() {
        String exposition = """
                profilestream_recommendations_latency_seconds_bucket{application="r",path="lstm+mlp",le="0.001"} 900.0
                profilestream_recommendations_latency_seconds_bucket{application="r",path="lstm+mlp",le="0.005"} 995.0
                profilestream_recommendations_latency_seconds_bucket{application="r",path="lstm+mlp",le="+Inf"} 1000.0
                profilestream_recommendations_latency_seconds_bucket{application="r",path="popular",le="0.001"} 40.0
                profilestream_recommendations_latency_seconds_bucket{application="r",path="popular",le="0.005"} 50.0
                profilestream_recommendations_latency_seconds_bucket{application="r",path="popular",le="+Inf"} 50.0
                profilestream_pipeline_latency_seconds_bucket{application="r",stage="recommender",le="+Inf"} 7.0
                """;

        StageLatencies answers = StageLatencies.parse(List.of(exposition), StageLatencies.ANSWER_SERIES, "path");

        assertThat(answers.buckets()).containsOnlyKeys("lstm+mlp", "popular");
        assertThat(answers.count("lstm+mlp")).isEqualTo(1000);
        assertThat(answers.quantileMillis("lstm+mlp", 0.5)).isEqualTo(1.0);
        assertThat(answers.quantileMillis("lstm+mlp", 0.99)).isEqualTo(5.0);
        assertThat(answers.quantileMillis("lstm+mlp", 0.999)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(answers.quantileMillis("popular", 0.9)).isEqualTo(5.0);
        StageLatencies idle = StageLatencies.parse(List.of(exposition.replace("} 50.0", "} 0.0").replace("} 40.0", "} 0.0")),
                StageLatencies.ANSWER_SERIES, "path");
        assertThat(idle.withRecords().buckets()).containsOnlyKeys("lstm+mlp");
    }
}
