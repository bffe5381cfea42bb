package io.profilestream.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.model.serde.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadReportTest {

    // Values are the highest of their HdrHistogram bucket (3 digits), so percentiles read back exactly.
    private static final long JUST_UNDER_100_MS = 99_967;
    private static final long JUST_OVER_100_MS = 100_031;
    private static final LoadStep.Settings SETTINGS = new LoadStep.Settings(10, 100, 20, Duration.ofSeconds(3),
            Duration.ofSeconds(20), Duration.ofMillis(250));

    @Test
    void shouldAnswerTheHighestRateThatPassedWithEveryLowerRateWhateverTheOrderTheyRanIn() {
        List<LoadStep.Result> sweep = List.of(passing(500), passing(100), failing(1000), passing(750));

        assertThat(LoadReport.highestPassingRate(sweep, 10)).isEqualTo(OptionalDouble.of(750));
        assertThat(LoadReport.verdict(sweep, 10)).isEqualTo("highest rate with freshness p99 < 100 ms: 750 events/s");
    }

    @Test
    void shouldNotClaimARateAboveOneThatFailedEvenWhenItPassedItself() {
        List<LoadStep.Result> sweep = List.of(passing(100), failing(250), passing(500));

        assertThat(LoadReport.verdict(sweep, 10)).isEqualTo("highest rate with freshness p99 < 100 ms: 100 events/s");
    }

    @Test
    void shouldSayNoneOfTheRatesWhenTheLowestFails() {
        assertThat(LoadReport.verdict(List.of(failing(100), passing(300)), 10))
                .isEqualTo("highest rate with freshness p99 < 100 ms: none of the rates");
        assertThat(LoadReport.verdict(List.of(), 10)).isEqualTo("highest rate with freshness p99 < 100 ms: none of the rates");
    }

    @Test
    void shouldFailARateWhoseEventsWereNotSustainedHoweverFreshTheProbes() {
        // 2,000 events offered (200 POSTs of 10): 1,900 accepted is 95 %, 1,899 is below.
        LoadStep.Result exactly95 = step(100, 200, 1_900, Map.of("202", 190L, "429", 10L), freshness(1_000, 2_000));
        LoadStep.Result below95 = step(100, 200, 1_899, Map.of("202", 190L, "503", 10L), freshness(1_000, 2_000));

        assertThat(LoadReport.sustained(exactly95, 10)).isTrue();
        assertThat(LoadReport.passes(exactly95, 10)).isTrue();
        assertThat(LoadReport.sustained(below95, 10)).isFalse();
        assertThat(LoadReport.passes(below95, 10)).isFalse();
    }

    @Test
    void shouldFailARateWithoutAnyFreshnessSample() {
        LoadStep.Result noProbe = step(100, 200, 2_000, Map.of("202", 200L), new Histogram(3));

        assertThat(LoadReport.passes(noProbe, 10)).isFalse();
        assertThat(LoadReport.step(noProbe, SETTINGS)).endsWith(String.format("  => FAIL (no freshness sample)%n"));
    }

    @Test
    void shouldPrintAStepWithEveryAnswerCountedAndWhyItFailed() {
        LoadStep.Result r = step(1000, 2_000, 19_000, Map.of("202", 1_900L, "429", 60L, "503", 30L, Outcomes.TIMEOUT, 10L),
                freshness(45_055, JUST_OVER_100_MS));

        assertThat(LoadReport.heading(1000, 2, 3, SETTINGS)).isEqualTo(String.format("%nLoad step 2/3: 1000 events/s offered in "
                + "batches of 10 (100 POST/s), 100 recommendation requests/s (k=20), a freshness probe every 250 ms after the "
                + "previous; 3 s warm-up + 20 s measured, open loop, latency from intended send time%n"));
        assertThat(LoadReport.step(r, SETTINGS)).isEqualTo(String.format(
                "  ingest POST /v1/events (batch 10): p50 1.50 ms  p90 1.50 ms  p99 1.90 ms  p99.9 1.90 ms  max 1.90 ms  (n=100)%n"
                + "    answers {202=1900, 429=60, 503=30, timeout=10}; events offered 20000 (1000.0/s), accepted 19000 (950.0/s), "
                + "rejected 0: sustained%n"
                + "  recommendations GET k=20: p50 1.20 ms  p90 1.20 ms  p99 1.80 ms  p99.9 1.80 ms  max 1.80 ms  (n=100)%n"
                + "    answers {200=2000} of 2000 requests (100.0/s)%n"
                + "  freshness (probe purchase accepted -> served from the profile with it, item gone): p50 45.06 ms  p90 45.06 ms  p99 100.03 ms  "
                + "p99.9 100.03 ms  max 100.03 ms  (n=100)%n"
                + "    timeouts (> 10 s) 0, probes skipped (no recommendation, purchase not accepted) 1%n"
                + "  committed on the pipeline inputs, records/s (incl. transaction markers): privacy-filter 1010.0, "
                + "profile-updater 1005.5, recommender-service 990.3; end to end (recommender) 990.3/s%n"
                + "  consumer lag at the end (records): {privacy-filter=3, profile-updater=40, recommender-service=120}%n"
                + "  => FAIL (freshness p99 100.03 ms)%n"));
    }

    @Test
    void shouldSummariseTheSweepWithTheVerdictLast() {
        assertThat(LoadReport.summary(List.of(passing(100), failing(300)), SETTINGS)).isEqualTo(String.format(
                "%nLoad sweep (batch 10, 100 reads/s, k=20, 20 s per step):%n"
                + "  events/s offered -> accepted | ingest p99 | recommendations p99 | freshness p50/p99 (n) | end to end/s | result%n"
                + "  100 -> 100.0 | 1.90 ms | 1.80 ms | 1.00/99.97 ms (100) | 990.3 | pass%n"
                + "  300 -> 300.0 | 1.90 ms | 1.80 ms | 1.00/100.03 ms (100) | 990.3 | fail%n"
                + "highest rate with freshness p99 < 100 ms: 100 events/s%n"));
    }

    @Test
    void shouldWriteEveryFigureOfTheSweepAsJson() throws Exception {
        LoadStep.Result r = step(1000, 2_000, 19_000, Map.of("202", 1_900L, "429", 100L), freshness(45_055, JUST_UNDER_100_MS));

        JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsString(LoadReport.json(List.of(r), SETTINGS)));

        assertThat(json).isEqualTo(Json.mapper().readTree("""
                {"freshnessP99LimitMs": 100.0, "sustainedShare": 0.95, "batchSize": 10, "readRatePerSecond": 100.0, "k": 20,
                 "warmupSeconds": 3.0, "durationSeconds": 20.0, "probeSpacingMs": 250,
                 "steps": [{"rate": 1000.0, "seconds": 20.0,
                   "ingest": {"requests": 2000, "eventsOffered": 20000, "eventsAccepted": 19000, "eventsRejected": 0,
                              "offeredPerSecond": 1000.0, "acceptedPerSecond": 950.0, "sustained": true,
                              "outcomes": {"202": 1900, "429": 100},
                              "latencyMs": {"n": 100, "p50": 1.5, "p90": 1.5, "p99": 1.9, "p99.9": 1.9, "max": 1.9}},
                   "recommendations": {"requests": 2000, "outcomes": {"200": 2000},
                              "latencyMs": {"n": 100, "p50": 1.2, "p90": 1.2, "p99": 1.8, "p99.9": 1.8, "max": 1.8}},
                   "freshness": {"timeouts": 0, "skipped": 1,
                              "latencyMs": {"n": 100, "p50": 45.055, "p90": 45.055, "p99": 99.967, "p99.9": 99.967, "max": 99.967}},
                   "processedPerSecond": {"privacy-filter": 1010.0, "profile-updater": 1005.5, "recommender-service": 990.3},
                   "lagAtEnd": {"privacy-filter": 3, "profile-updater": 40, "recommender-service": 120},
                   "passed": true}],
                 "highestPassingRate": 1000.0}
                """));
    }

    @Test
    void shouldWriteANullRateAndOnlyTheSampleCountWhenNothingPassedOrWasMeasured() throws Exception {
        LoadStep.Result r = step(100, 200, 2_000, Map.of("202", 200L), new Histogram(3));

        JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsString(LoadReport.json(List.of(r), SETTINGS)));

        assertThat(json.get("highestPassingRate").isNull()).isTrue();
        assertThat(json.at("/steps/0/freshness/latencyMs")).isEqualTo(Json.mapper().readTree("{\"n\": 0}"));
        assertThat(json.at("/steps/0/passed").asBoolean()).isFalse();
    }

    private static LoadStep.Result passing(double rate) {
        long posts = Math.round(rate * 20 / 10);
        return step(rate, posts, posts * 10, Map.of("202", posts), freshness(1_000, JUST_UNDER_100_MS));
    }

    private static LoadStep.Result failing(double rate) {
        long posts = Math.round(rate * 20 / 10);
        return step(rate, posts, posts * 10, Map.of("202", posts), freshness(1_000, JUST_OVER_100_MS));
    }

    /** A 20 s step at {@code rate} with fixed ingest, read, throughput and lag figures. */
    private static LoadStep.Result step(double rate, long posts, long accepted, Map<String, Long> ingestAnswers,
                                        Histogram freshness) {
        Map<String, Double> processed = new LinkedHashMap<>();
        processed.put("privacy-filter", 1010.0);
        processed.put("profile-updater", 1005.5);
        processed.put("recommender-service", 990.3);
        Map<String, Long> lag = new LinkedHashMap<>();
        lag.put("privacy-filter", 3L);
        lag.put("profile-updater", 40L);
        lag.put("recommender-service", 120L);
        return new LoadStep.Result(rate, 20.0, p50p99(1_500, 1_900), posts, new Outcomes.Counts(ingestAnswers, accepted, 0),
                p50p99(1_200, 1_800), 2_000, new Outcomes.Counts(Map.of("200", 2_000L), 0, 0), freshness, 0, 1,
                processed, lag);
    }

    private static Histogram freshness(long p50, long p99) {
        return p50p99(p50, p99);
    }

    /** 98 samples at {@code p50} and 2 at {@code p99}, microseconds. */
    private static Histogram p50p99(long p50, long p99) {
        Histogram h = new Histogram(3);
        h.recordValueWithCount(p50, 98);
        h.recordValueWithCount(p99, 2);
        return h;
    }
}
