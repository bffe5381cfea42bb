package io.profilestream.localstack.bench;

import io.profilestream.localstack.fleet.Fleet;
import io.profilestream.localstack.fleet.ServiceProcess;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * {@code --cache-ab}: the latency phase measured again in the same run with the recommender's
 * ranked-list cache off, so the cache's effect is read as a ratio against a baseline taken on the
 * same machine minutes apart, not across runs that vary several-fold here. A is the phase as
 * measured first (cache as configured); B restarts only the recommender with
 * {@code ranked-cache-size=0}, waits until it serves every neural user from the same model again,
 * and repeats the same measurements. B always runs second, on a freshly started JVM.
 */
final class CacheAb {

    static final String RECOMMENDER = "recommender-service";
    static final String CACHE_SIZE_ARG = "--profilestream.recommender.ranked-cache-size";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private CacheAb() {
    }

    /**
     * What one pass of the latency phase measured.
     *
     * @param serviceTime one request at a time over the neural users, microseconds
     * @param unknown     the open-loop run over never-seen users
     * @param neural      the open-loop run over the users with neural profiles
     */
    record Figures(Histogram serviceTime, OpenLoopLoad.Result unknown, OpenLoopLoad.Result neural) {
    }

    /** One pass of the latency phase, with the settings of the first. */
    @FunctionalInterface
    interface Pass {
        Figures measure() throws Exception;
    }

    /**
     * The arguments appended to the recommender's command line for B. Refuses when it was started
     * with a cache size already: Spring would join both values instead of letting the last win.
     */
    static List<String> cacheOffArgs(List<String> startedWith) {
        for (String arg : startedWith) {
            if (arg.startsWith(CACHE_SIZE_ARG + "=")) {
                throw new IllegalStateException("the recommender was started with " + arg
                        + "; a second " + CACHE_SIZE_ARG + " would be joined to it, not replace it");
            }
        }
        return List.of(CACHE_SIZE_ARG + "=0");
    }

    /**
     * Measures B after {@code a} and prints the comparison. With {@code restore}, starts the
     * recommender again as it was, so later phases measure the configured service.
     */
    static Figures run(BenchFleet bench, Figures a, Pass pass, boolean restore, PrintStream out) throws Exception {
        Fleet fleet = bench.fleet();
        ServiceProcess original = fleet.service(RECOMMENDER);
        List<String> off = cacheOffArgs(bench.serviceArgs(RECOMMENDER));
        out.printf(Locale.ROOT, "%nCache A/B, B: restarting %s with %s ...%n", RECOMMENDER, String.join(" ", off));
        long t0 = System.nanoTime();
        fleet.restart(RECOMMENDER, off);
        // Also B's warm-up before its one-at-a-time measurement: one k=1 request per neural user,
        // as A had from the set-up's scan for neural users.
        bench.awaitServedByNeuralPath(bench.neuralUsers(), READY_TIMEOUT);
        out.printf(Locale.ROOT, "  UP, all %d neural users served by model %s again, after %.0f s%n",
                bench.neuralUsers().size(), bench.modelDir().getFileName(), (System.nanoTime() - t0) / 1e9);
        Figures b = pass.measure();
        out.printf("%n%s", comparison(a, b));
        if (restore) {
            out.printf("%nRestarting %s as configured (ranked-list cache on) for the next phases ...%n", RECOMMENDER);
            fleet.restart(original);
            bench.awaitServedByNeuralPath(bench.neuralUsers(), READY_TIMEOUT);
        }
        return b;
    }

    /** The printed block: A's and B's percentiles in milliseconds and their ratios A/B. */
    static String comparison(Figures a, Figures b) {
        return "Cache A/B (same run; B = ranked-cache-size=0, measured second on a freshly restarted recommender, "
                + "so warm-up/JIT differ):\n"
                + row("service time neural p50/p99:", a.serviceTime(), b.serviceTime(), "", "")
                + row("unknown users p50/p99:", a.unknown().latencyMicros(), b.unknown().latencyMicros(), "", "")
                + row("neural users  p50/p99 (errors):", a.neural().latencyMicros(), b.neural().latencyMicros(),
                        " (" + a.neural().errors() + ")", " (" + b.neural().errors() + ")");
    }

    private static String row(String label, Histogram a, Histogram b, String aNote, String bNote) {
        return String.format(Locale.ROOT, "  %-32sA %.2f/%.2f ms%s  B %.2f/%.2f ms%s  ratio A/B %.2f/%.2f%n", label,
                Percentiles.ms(a, 50), Percentiles.ms(a, 99), aNote, Percentiles.ms(b, 50), Percentiles.ms(b, 99), bNote,
                ratio(a, b, 50), ratio(a, b, 99));
    }

    private static double ratio(Histogram a, Histogram b, double percentile) {
        return Percentiles.ms(a, percentile) / Math.max(0.001, Percentiles.ms(b, percentile));
    }
}
