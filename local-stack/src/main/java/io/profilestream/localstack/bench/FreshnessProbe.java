package io.profilestream.localstack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.generator.GeneratedItem;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.security.LocalDevelopmentKeys;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One freshness measurement: a user with a neural profile buys the top item X of their current
 * recommendations; the time from the purchase's 2xx answer until the recommender serves a list
 * computed from the profile that includes the purchase ({@code profileEvents} above the count
 * before it) and without X (bought items are filtered) is the end-to-end freshness of one event.
 * Used by the freshness phase and, concurrently with open-loop events and reads, by the load phase.
 *
 * <p>X leaving the list is not enough on its own: every served list is recorded as an impression,
 * and an item shown {@code max-times-shown} times (3) is filtered too. Polling every 2 ms, X
 * used to disappear through that one-hop impression loop after a few polls, long before the
 * purchase had crossed the filter and the profile updater; until 2026-11-30 this probe measured
 * that loop (docs/BENCHMARKS.md, run 22).
 */
final class FreshnessProbe {

    /** A probe still waiting after this long is a timeout. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /**
     * Pause between polls. Every poll is a served request, and so an impression the recommender's
     * stream thread must fold (decrypt, count, seal, changelog) next to the profile updates being
     * timed: polling every 2 ms added ~500 requests and impressions per second during a probe.
     * 10 ms keeps that to ~100/s at the cost of up to 10 ms (5 ms on average) added to each
     * measurement.
     */
    static final Duration POLL = Duration.ofMillis(10);
    /** {@link #probe} result: the user had no recommendation, nothing to time. */
    static final long NO_RECOMMENDATION = -1;
    /** {@link #probe} result: X was still served after {@link #TIMEOUT}. */
    static final long TIMED_OUT = -2;

    private final HttpClient http;
    private final String ingestUrl;
    private final String recommenderUrl;
    private final Map<String, GeneratedItem> items;

    FreshnessProbe(HttpClient http, String ingestUrl, String recommenderUrl, Map<String, GeneratedItem> items) {
        this.http = http;
        this.ingestUrl = ingestUrl;
        this.recommenderUrl = recommenderUrl;
        this.items = items;
    }

    /**
     * Microseconds until {@code user}'s top {@code k} came from the profile with the purchase and
     * without X; {@link #NO_RECOMMENDATION} or
     * {@link #TIMED_OUT}. Throws when the purchase POST failed or was not accepted (nothing to time).
     */
    long probe(String user, int k, int n) throws IOException, InterruptedException {
        String url = recommenderUrl + "/v1/recommendations/" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "?k=" + k;
        JsonNode before = get(url);
        if (before == null || before.path("items").isEmpty()) {
            return NO_RECOMMENDATION;
        }
        String x = before.path("items").get(0).path("itemId").asText();
        long eventsBefore = before.path("profileEvents").asLong();
        GeneratedItem item = items.get(x);
        RawEvent purchase = new RawEvent(RawEvent.CURRENT_SCHEMA_VERSION, "bench-probe-" + System.nanoTime() + "-" + n, user,
                user + "-probe", EventType.PURCHASE, x, item == null ? null : item.category(), item == null ? null : item.brand(),
                item == null ? null : item.price(), item == null ? null : "EUR", 1, null, null, null, Instant.now(), null, null);
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/events"))
                .header("Content-Type", "application/json")
                .header(LocalDevelopmentKeys.HEADER, LocalDevelopmentKeys.PRODUCER)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(purchase))).build(),
                HttpResponse.BodyHandlers.ofString());
        long accepted = System.nanoTime();
        if (posted.statusCode() / 100 != 2) {
            throw new IOException("ingest answered " + posted.statusCode() + " to a probe: " + posted.body());
        }
        long deadline = accepted + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode now = get(url);
            if (now != null && reflectsPurchase(now, eventsBefore, x)) {
                return (System.nanoTime() - accepted) / 1000;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        return TIMED_OUT;
    }

    /**
     * A generated event as background traffic: its user and session get a "bg-" prefix so they
     * never touch a probe user.
     */
    static RawEvent background(RawEvent e) {
        return new RawEvent(e.schemaVersion(), e.eventId(), "bg-" + e.userId(), "bg-" + e.sessionId(), e.type(), e.itemId(),
                e.category(), e.brand(), e.price(), e.currency(), e.quantity(), e.query(), e.reviewText(), e.rating(),
                e.timestamp(), e.receivedAt(), e.context());
    }

    /** Served from a profile with more events than before the purchase, and X is gone. */
    static boolean reflectsPurchase(JsonNode response, long eventsBefore, String itemId) {
        return response.path("profileEvents").asLong() > eventsBefore && !contains(response, itemId);
    }

    private static boolean contains(JsonNode response, String itemId) {
        for (JsonNode item : response.path("items")) {
            if (itemId.equals(item.path("itemId").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The answer, or null on a non-200 answer or a failed request (the probe polls on or is skipped). */
    private JsonNode get(String url) throws InterruptedException {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                            .header(LocalDevelopmentKeys.HEADER, LocalDevelopmentKeys.READER).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200 ? Json.mapper().readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
