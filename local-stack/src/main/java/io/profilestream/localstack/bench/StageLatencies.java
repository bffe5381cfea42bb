package io.profilestream.localstack.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Streams services' {@code profilestream.pipeline.latency{stage}} histograms (from ingest's
 * acceptance of an event to its processing by the stage, cumulative along the chain) as scraped
 * from their {@code /actuator/prometheus}. The difference of two scrapes gives every stage's
 * latency distribution over exactly one phase, so an end-to-end freshness tail can be traced to
 * the hop where it appears: filter (ingest's produce and the filter's read), updater (after the
 * filter's transaction commit), recommender (after the updater's commit).
 *
 * <p>Quantiles are read from Micrometer's percentile-histogram buckets, so each is the upper bound
 * of its bucket (buckets grow by about a third from one to the next), never an interpolation.
 *
 * @param buckets per stage, cumulative count per upper bound in seconds ({@code +Inf} as
 *                {@link Double#POSITIVE_INFINITY})
 */
record StageLatencies(Map<String, NavigableMap<Double, Double>> buckets) {

    /** The bucket series in Prometheus' text format. */
    static final String SERIES = "profilestream_pipeline_latency_seconds_bucket";

    /** The recommender's answer-time histogram per path ({@code RecommenderMetrics.LATENCY}), in Prometheus' text format. */
    static final String ANSWER_SERIES = "profilestream_recommendations_latency_seconds_bucket";

    private static final Pattern LE = Pattern.compile("le=\"([^\"]*)\"");

    /** Parses every stage's buckets out of one or more Prometheus text expositions. */
    static StageLatencies parse(List<String> expositions) {
        return parse(expositions, SERIES, "stage");
    }

    /**
     * Parses the buckets of any labelled histogram {@code series} (a {@code _bucket} series) out of
     * one or more Prometheus text expositions, one distribution per value of {@code label}.
     */
    static StageLatencies parse(List<String> expositions, String series, String label) {
        Pattern sample = Pattern.compile("^" + Pattern.quote(series) + "\\{([^}]*)}\\s+(\\S+)");
        Pattern labelValue = Pattern.compile("(?:^|,)" + Pattern.quote(label) + "=\"([^\"]*)\"");
        Map<String, NavigableMap<Double, Double>> buckets = new LinkedHashMap<>();
        for (String exposition : expositions) {
            for (String line : exposition.split("\n")) {
                Matcher m = sample.matcher(line);
                if (!m.find()) {
                    continue;
                }
                Matcher stage = labelValue.matcher(m.group(1));
                Matcher le = LE.matcher(m.group(1));
                if (stage.find() && le.find()) {
                    double bound = "+Inf".equals(le.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
                    buckets.computeIfAbsent(stage.group(1), s -> new TreeMap<>())
                            .merge(bound, Double.parseDouble(m.group(2)), Double::sum);
                }
            }
        }
        return new StageLatencies(buckets);
    }

    /** Scrapes every URL (one per service); an endpoint that cannot be read contributes nothing. */
    static StageLatencies scrape(HttpClient http, List<String> prometheusUrls) throws InterruptedException {
        List<String> texts = new ArrayList<>();
        for (String url : prometheusUrls) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    texts.add(r.body());
                }
            } catch (java.io.IOException unreadable) {
                // reported as a stage without records
            }
        }
        return parse(texts);
    }

    /** The counts recorded between {@code before} and this scrape. */
    StageLatencies since(StageLatencies before) {
        Map<String, NavigableMap<Double, Double>> diff = new LinkedHashMap<>();
        buckets.forEach((stage, now) -> {
            NavigableMap<Double, Double> then = before.buckets.getOrDefault(stage, new TreeMap<>());
            NavigableMap<Double, Double> d = new TreeMap<>();
            now.forEach((le, count) -> d.put(le, count - then.getOrDefault(le, 0.0)));
            diff.put(stage, d);
        });
        return new StageLatencies(diff);
    }

    /** Only the stages that counted records. */
    StageLatencies withRecords() {
        Map<String, NavigableMap<Double, Double>> kept = new LinkedHashMap<>();
        buckets.forEach((stage, b) -> {
            if (count(stage) > 0) {
                kept.put(stage, b);
            }
        });
        return new StageLatencies(kept);
    }

    /** Records counted for {@code stage} (its {@code +Inf} bucket). */
    long count(String stage) {
        NavigableMap<Double, Double> b = buckets.get(stage);
        return b == null || b.isEmpty() ? 0 : Math.round(b.lastEntry().getValue());
    }

    /**
     * The upper bound, in milliseconds, of the bucket holding quantile {@code q} of {@code stage};
     * infinite when it lies beyond the last finite bucket, NaN when nothing was recorded.
     */
    double quantileMillis(String stage, double q) {
        long total = count(stage);
        if (total == 0) {
            return Double.NaN;
        }
        double rank = Math.ceil(q * total);
        for (Map.Entry<Double, Double> e : buckets.get(stage).entrySet()) {
            if (e.getValue() >= rank) {
                return e.getKey() * 1000;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** One line per stage, e.g. {@code profile-updater: 41,230 records, p50 <= 11.2 ms, ...}. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (String stage : buckets.keySet()) {
            lines.add(String.format(Locale.ROOT,
                    "%s: %,d records, p50 <= %.2f ms, p90 <= %.2f ms, p99 <= %.2f ms, p99.9 <= %.2f ms",
                    stage, count(stage), quantileMillis(stage, 0.5), quantileMillis(stage, 0.9), quantileMillis(stage, 0.99),
                    quantileMillis(stage, 0.999)));
        }
        return lines;
    }
}
