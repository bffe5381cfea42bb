package io.profilestream.localstack.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;

/**
 * The load phase's report: one block per step, the sweep's summary with its verdict, and the
 * same figures as JSON. Pure: everything comes from the {@link LoadStep.Result}s.
 *
 * <p>A step passes when ingest sustained the offered rate (at least {@link #SUSTAINED_SHARE} of
 * the offered events accepted by 2xx answers; 429/503 answers, timeouts and failures are not
 * sustained) and its freshness p99 over at least one probe is below
 * {@link #FRESHNESS_P99_LIMIT_MS}. The verdict is the highest rate such that it and every lower
 * rate of the sweep passed: freshness that only "stays under" the limit by luck above a failing
 * rate is not claimed.
 */
final class LoadReport {

    static final double FRESHNESS_P99_LIMIT_MS = 100;
    static final double SUSTAINED_SHARE = 0.95;
    static final String VERDICT = "highest rate with freshness p99 < 100 ms: ";

    private LoadReport() {
    }

    static long eventsOffered(LoadStep.Result r, int batchSize) {
        return r.ingestRequests() * batchSize;
    }

    static double offeredPerSecond(LoadStep.Result r, int batchSize) {
        return r.seconds() <= 0 ? 0 : eventsOffered(r, batchSize) / r.seconds();
    }

    static double acceptedPerSecond(LoadStep.Result r) {
        return r.seconds() <= 0 ? 0 : r.ingestOutcomes().eventsAccepted() / r.seconds();
    }

    static boolean sustained(LoadStep.Result r, int batchSize) {
        return eventsOffered(r, batchSize) > 0
                && r.ingestOutcomes().eventsAccepted() >= SUSTAINED_SHARE * eventsOffered(r, batchSize);
    }

    static boolean passes(LoadStep.Result r, int batchSize) {
        return sustained(r, batchSize) && r.freshness().getTotalCount() > 0
                && Percentiles.ms(r.freshness(), 99) < FRESHNESS_P99_LIMIT_MS;
    }

    /** The highest rate that passed with every lower rate of the sweep; empty when the lowest failed. */
    static OptionalDouble highestPassingRate(List<LoadStep.Result> steps, int batchSize) {
        OptionalDouble best = OptionalDouble.empty();
        for (LoadStep.Result r : steps.stream().sorted(Comparator.comparingDouble(LoadStep.Result::rate)).toList()) {
            if (!passes(r, batchSize)) {
                return best;
            }
            best = OptionalDouble.of(r.rate());
        }
        return best;
    }

    /** "highest rate with freshness p99 < 100 ms: X events/s" or "...: none of the rates". */
    static String verdict(List<LoadStep.Result> steps, int batchSize) {
        OptionalDouble best = highestPassingRate(steps, batchSize);
        return VERDICT + (best.isPresent() ? rate(best.getAsDouble()) + " events/s" : "none of the rates");
    }

    /** The heading printed before a step runs. */
    static String heading(double rate, int index, int count, LoadStep.Settings s) {
        return String.format(Locale.ROOT, "%nLoad step %d/%d: %s events/s offered in batches of %d (%s POST/s), "
                        + "%s recommendation requests/s (k=%d), a freshness probe every %d ms after the previous; "
                        + "%.0f s warm-up + %.0f s measured, open loop, latency from intended send time%n",
                index, count, rate(rate), s.batchSize(), rate(rate / s.batchSize()), rate(s.readRate()), s.k(),
                s.probeSpacing().toMillis(), s.warmup().toMillis() / 1000.0, s.duration().toMillis() / 1000.0);
    }

    /** The figures of one step. */
    static String step(LoadStep.Result r, LoadStep.Settings s) {
        Outcomes.Counts in = r.ingestOutcomes();
        return String.format(Locale.ROOT, "  ingest POST /v1/events (batch %d): %s%n", s.batchSize(), Percentiles.line(r.ingest()))
                + String.format(Locale.ROOT, "    answers %s; events offered %d (%.1f/s), accepted %d (%.1f/s), rejected %d: %s%n",
                        in.byOutcome(), eventsOffered(r, s.batchSize()), offeredPerSecond(r, s.batchSize()), in.eventsAccepted(),
                        acceptedPerSecond(r), in.eventsRejected(), sustained(r, s.batchSize()) ? "sustained" : "NOT sustained")
                + String.format(Locale.ROOT, "  recommendations GET k=%d: %s%n    answers %s of %d requests (%.1f/s)%n", s.k(),
                        Percentiles.line(r.reads()), r.readOutcomes().byOutcome(), r.readRequests(),
                        r.seconds() <= 0 ? 0 : r.readRequests() / r.seconds())
                + String.format(Locale.ROOT, "  freshness (probe purchase accepted -> served from the profile with it, item gone): %s%n"
                        + "    timeouts (> %d s) %d, probes skipped (no recommendation, purchase not accepted) %d%n",
                        Percentiles.line(r.freshness()), FreshnessProbe.TIMEOUT.toSeconds(), r.freshnessTimeouts(), r.probesSkipped())
                + String.format(Locale.ROOT, "  committed on the pipeline inputs, records/s (incl. transaction markers): %s; "
                        + "end to end (recommender) %.1f/s%n", perSecond(r.processedPerSecond()),
                        r.processedPerSecond().getOrDefault(ConsumerLag.GROUPS.get(2), 0.0))
                + String.format(Locale.ROOT, "  consumer lag at the end (records): %s%n", r.lagAtEnd())
                + String.format(Locale.ROOT, "  => %s%n", passes(r, s.batchSize()) ? "PASS (sustained, freshness p99 < 100 ms)"
                        : "FAIL (" + failure(r, s.batchSize()) + ")");
    }

    /** One row per step, then the verdict. */
    static String summary(List<LoadStep.Result> steps, LoadStep.Settings s) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%nLoad sweep (batch %d, %s reads/s, k=%d, %.0f s per step):%n"
                + "  events/s offered -> accepted | ingest p99 | recommendations p99 | freshness p50/p99 (n) | end to end/s | result%n",
                s.batchSize(), rate(s.readRate()), s.k(), s.duration().toMillis() / 1000.0));
        for (LoadStep.Result r : steps) {
            b.append(String.format(Locale.ROOT, "  %s -> %.1f | %.2f ms | %.2f ms | %.2f/%.2f ms (%d) | %.1f | %s%n", rate(r.rate()),
                    acceptedPerSecond(r), Percentiles.ms(r.ingest(), 99), Percentiles.ms(r.reads(), 99),
                    Percentiles.ms(r.freshness(), 50), Percentiles.ms(r.freshness(), 99), r.freshness().getTotalCount(),
                    r.processedPerSecond().getOrDefault(ConsumerLag.GROUPS.get(2), 0.0),
                    passes(r, s.batchSize()) ? "pass" : "fail"));
        }
        return b.append(verdict(steps, s.batchSize())).append(System.lineSeparator()).toString();
    }

    /** The sweep as JSON: settings, every step's figures, and the verdict's rate (null for none). */
    static ObjectNode json(List<LoadStep.Result> steps, LoadStep.Settings s) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("freshnessP99LimitMs", FRESHNESS_P99_LIMIT_MS).put("sustainedShare", SUSTAINED_SHARE)
                .put("batchSize", s.batchSize()).put("readRatePerSecond", s.readRate()).put("k", s.k())
                .put("warmupSeconds", s.warmup().toMillis() / 1000.0).put("durationSeconds", s.duration().toMillis() / 1000.0)
                .put("probeSpacingMs", s.probeSpacing().toMillis());
        var array = root.putArray("steps");
        for (LoadStep.Result r : steps) {
            ObjectNode step = array.addObject().put("rate", r.rate()).put("seconds", round(r.seconds(), 3));
            ObjectNode ingest = step.putObject("ingest").put("requests", r.ingestRequests())
                    .put("eventsOffered", eventsOffered(r, s.batchSize()))
                    .put("eventsAccepted", r.ingestOutcomes().eventsAccepted())
                    .put("eventsRejected", r.ingestOutcomes().eventsRejected())
                    .put("offeredPerSecond", round(offeredPerSecond(r, s.batchSize()), 1))
                    .put("acceptedPerSecond", round(acceptedPerSecond(r), 1))
                    .put("sustained", sustained(r, s.batchSize()));
            counts(ingest.putObject("outcomes"), r.ingestOutcomes().byOutcome());
            latency(ingest.putObject("latencyMs"), r.ingest());
            ObjectNode reads = step.putObject("recommendations").put("requests", r.readRequests());
            counts(reads.putObject("outcomes"), r.readOutcomes().byOutcome());
            latency(reads.putObject("latencyMs"), r.reads());
            ObjectNode fresh = step.putObject("freshness").put("timeouts", r.freshnessTimeouts()).put("skipped", r.probesSkipped());
            latency(fresh.putObject("latencyMs"), r.freshness());
            ObjectNode processed = step.putObject("processedPerSecond");
            r.processedPerSecond().forEach((group, v) -> processed.put(group, round(v, 1)));
            counts(step.putObject("lagAtEnd"), r.lagAtEnd());
            step.put("passed", passes(r, s.batchSize()));
        }
        OptionalDouble best = highestPassingRate(steps, s.batchSize());
        if (best.isPresent()) {
            root.put("highestPassingRate", best.getAsDouble());
        } else {
            root.putNull("highestPassingRate");
        }
        return root;
    }

    private static String failure(LoadStep.Result r, int batchSize) {
        if (!sustained(r, batchSize)) {
            return "not sustained";
        }
        if (r.freshness().getTotalCount() == 0) {
            return "no freshness sample";
        }
        return String.format(Locale.ROOT, "freshness p99 %.2f ms", Percentiles.ms(r.freshness(), 99));
    }

    private static void latency(ObjectNode node, Histogram micros) {
        node.put("n", micros.getTotalCount());
        if (micros.getTotalCount() > 0) {
            node.put("p50", Percentiles.ms(micros, 50)).put("p90", Percentiles.ms(micros, 90))
                    .put("p99", Percentiles.ms(micros, 99)).put("p99.9", Percentiles.ms(micros, 99.9))
                    .put("max", micros.getMaxValue() / 1000.0);
        }
    }

    private static void counts(ObjectNode node, Map<String, Long> counts) {
        counts.forEach(node::put);
    }

    private static String perSecond(Map<String, Double> rates) {
        StringBuilder b = new StringBuilder();
        rates.forEach((group, v) -> b.append(b.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f", group, v)));
        return b.toString();
    }

    /** A rate without decimals when whole: "1000", "12.5". */
    static String rate(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
