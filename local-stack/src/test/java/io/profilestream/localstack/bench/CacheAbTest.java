package io.profilestream.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class CacheAbTest {

    @Test
    void shouldPrintBothVariantsInMillisecondsWithRatiosAOverB() {
        // Each value is the highest of its HdrHistogram bucket (3 digits), so p50/p99 read back exactly.
        CacheAb.Figures a = new CacheAb.Figures(p50p99(5_271, 15_407),
                run(p50p99(12_287, 500_991), 0), run(p50p99(25_503, 3_211_263), 0));
        CacheAb.Figures b = new CacheAb.Figures(p50p99(4_251, 12_871),
                run(p50p99(3_241, 136_959), 0), run(p50p99(7_401_471, 10_002_431), 9_572));

        assertThat(CacheAb.comparison(a, b)).isEqualTo("""
                Cache A/B (same run; B = ranked-cache-size=0, measured second on a freshly restarted recommender, \
                so warm-up/JIT differ):
                  service time neural p50/p99:    A 5.27/15.41 ms  B 4.25/12.87 ms  ratio A/B 1.24/1.20
                  unknown users p50/p99:          A 12.29/500.99 ms  B 3.24/136.96 ms  ratio A/B 3.79/3.66
                  neural users  p50/p99 (errors): A 25.50/3211.26 ms (0)  B 7401.47/10002.43 ms (9572)  ratio A/B 0.00/0.32
                """);
    }

    @Test
    void shouldRestartTheRecommenderWithTheCacheSizeZeroAfterTheBenchsOwnArguments() {
        List<String> started = BenchFleet.serviceArgs(Path.of("/tmp/bench-models"), Duration.ofMillis(50))
                .get(CacheAb.RECOMMENDER);

        assertThat(started).containsExactly("--profilestream.model.dir=/tmp/bench-models",
                "--profilestream.model.poll-interval=1s", "--profilestream.streams.commit-interval=50ms");
        assertThat(CacheAb.cacheOffArgs(started)).containsExactly("--profilestream.recommender.ranked-cache-size=0");
    }

    @Test
    void shouldRefuseARecommenderStartedWithACacheSizeSinceSpringWouldJoinBothValues() {
        assertThatThrownBy(() -> CacheAb.cacheOffArgs(List.of("--profilestream.recommender.ranked-cache-size=500")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the recommender was started with --profilestream.recommender.ranked-cache-size=500; a second "
                        + "--profilestream.recommender.ranked-cache-size would be joined to it, not replace it");
    }

    /** 98 samples at {@code p50} and 2 at {@code p99}, microseconds. */
    private static Histogram p50p99(long p50, long p99) {
        Histogram h = new Histogram(3);
        h.recordValueWithCount(p50, 98);
        h.recordValueWithCount(p99, 2);
        return h;
    }

    private static OpenLoopLoad.Result run(Histogram micros, long errors) {
        return new OpenLoopLoad.Result(micros, 30_000, errors, Map.of(), 60.0);
    }
}
