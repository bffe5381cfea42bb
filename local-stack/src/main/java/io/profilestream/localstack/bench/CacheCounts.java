package io.profilestream.localstack.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recommender's ranked-list cache counters ({@code profilestream.recommendations.cache}
 * {result=hit|miss|refill}) as scraped from its {@code /actuator/prometheus}: a latency run is
 * only readable next to how many of its model-path requests the cache answered.
 *
 * @param hits    served from a cached ranking
 * @param misses  computed and cached
 * @param refills cached, but the serve-time filters left fewer than k, so computed afresh
 */
record CacheCounts(long hits, long misses, long refills) {

    /** The series name in Prometheus' text format. */
    static final String SERIES = "profilestream_recommendations_cache_total";

    private static final Pattern SAMPLE = Pattern.compile(
            "^" + SERIES + "\\{[^}]*result=\"(hit|miss|refill)\"[^}]*}\\s+(\\S+)");

    /** Parses the counters out of a Prometheus text exposition; absent series count 0. */
    static CacheCounts parse(String exposition) {
        long hits = 0;
        long misses = 0;
        long refills = 0;
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.find()) {
                long value = (long) Double.parseDouble(m.group(2));
                switch (m.group(1)) {
                    case "hit" -> hits = value;
                    case "miss" -> misses = value;
                    default -> refills = value;
                }
            }
        }
        return new CacheCounts(hits, misses, refills);
    }

    /**
     * Starts a scrape of the recommender's Prometheus endpoint (on its management port) without
     * blocking the caller (the open-loop sender calls it); completes with null when the endpoint
     * cannot be read.
     */
    static CompletableFuture<CacheCounts> scrape(HttpClient http, String prometheusUrl) {
        return exposition(http, prometheusUrl).thenApply(text -> text == null ? null : parse(text));
    }

    /** The endpoint's text exposition, fetched without blocking the caller; null when it cannot be read. */
    static CompletableFuture<String> exposition(HttpClient http, String prometheusUrl) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(prometheusUrl))
                .timeout(Duration.ofSeconds(5)).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> response.statusCode() == 200 ? response.body() : null)
                .exceptionally(failure -> null);
    }

    /** What happened between {@code before} and this reading. */
    CacheCounts since(CacheCounts before) {
        return new CacheCounts(hits - before.hits, misses - before.misses, refills - before.refills);
    }

    long lookups() {
        return hits + misses + refills;
    }

    /** E.g. {@code cache: 28,410 hits, 1,590 misses, 12 refills (94.7 % hits)}. */
    String line() {
        if (lookups() == 0) {
            return "cache: no model-path lookups (cache off, or no request took the model path)";
        }
        return String.format(Locale.ROOT, "cache: %,d hits, %,d misses, %,d refills (%.1f %% hits)", hits, misses,
                refills, 100.0 * hits / lookups());
    }

    /** {@link #line()} of the counts between two scrapes, or why there are none. */
    static String line(CacheCounts before, CacheCounts after) {
        return before == null || after == null
                ? "cache: counters unavailable (" + SERIES + " could not be scraped)"
                : after.since(before).line();
    }
}
