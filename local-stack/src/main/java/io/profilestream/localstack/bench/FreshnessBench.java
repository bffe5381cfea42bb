package io.profilestream.localstack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.generator.ClickstreamGenerator;
import io.profilestream.generator.GeneratedItem;
import io.profilestream.generator.GeneratorSettings;
import io.profilestream.cli.Progress;
import io.profilestream.localstack.traffic.SendResult;
import io.profilestream.localstack.traffic.TrafficSender;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.serde.Json;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Freshness under load: while background traffic flows through ingest at a fixed rate, a probe
 * user with a neural profile buys the top item X of their current recommendations; the time from
 * the purchase's 2xx answer until the recommender no longer serves X (bought items are filtered)
 * is the end-to-end freshness of one event.
 */
final class FreshnessBench {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final String ingestUrl;
    private final String recommenderUrl;
    private final Map<String, GeneratedItem> items;

    FreshnessBench(HttpClient http, String ingestUrl, String recommenderUrl, Map<String, GeneratedItem> items) {
        this.http = http;
        this.ingestUrl = ingestUrl;
        this.recommenderUrl = recommenderUrl;
        this.items = items;
    }

    /**
     * @param probes      probe count; probe i uses {@code probeUsers.get(i % size)}
     * @param spacing     pause between probes
     * @param background  settings of the background generator (its users get a "bg-" prefix so
     *                    they never touch a probe user)
     * @param rate        background events per second
     * @param progress    whether to draw a bar over the probes
     */
    void run(List<String> probeUsers, int probes, Duration spacing, int k, GeneratorSettings background, double rate,
             ConsumerLag lag, boolean progress, PrintStream out) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ClickstreamGenerator generator = new ClickstreamGenerator(background, "bench-bg-" + Long.toString(System.nanoTime(), 36));
        Iterator<RawEvent> events = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !stop.get();
            }

            @Override
            public RawEvent next() {
                return prefixed(generator.next());
            }
        };
        TrafficSender sender = new TrafficSender(ingestUrl, Math.max(10, (int) (rate / 20)), 2);
        CompletableFuture<SendResult> traffic = CompletableFuture.supplyAsync(() -> {
            try {
                return sender.send("/v1/events", events, Long.MAX_VALUE, rate, n -> { });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(3000); // let the background rate settle before the first probe
        Histogram micros = new Histogram(3);
        int timeouts = 0;
        int skipped = 0;
        Map<String, Long> lagAtEnd;
        try (Progress bar = Progress.of(progress, "freshness probes", probes, " probes")) {
            for (int i = 0; i < probes; i++) {
                String user = probeUsers.get(i % probeUsers.size());
                long t;
                try {
                    t = probe(user, k, i);
                } catch (java.io.IOException postFailed) {
                    t = -1; // the purchase did not reach ingest: nothing to time
                }
                if (t == -1) {
                    skipped++;
                } else if (t == -2) {
                    timeouts++;
                    micros.recordValue(PROBE_TIMEOUT.toNanos() / 1000);
                } else {
                    micros.recordValue(t);
                }
                bar.step(1);
                Thread.sleep(spacing.toMillis());
            }
            lagAtEnd = lag.lag();
        } finally {
            stop.set(true);
        }
        SendResult sent = traffic.get();
        out.printf("Freshness (purchase of the top item -> no longer recommended), %d probes at %.0f events/s background:%n",
                micros.getTotalCount(), rate);
        out.println("  " + Percentiles.line(micros));
        out.printf("  timeouts (> %d s) %d, probes skipped (no recommendation, or the purchase POST failed) %d%n", PROBE_TIMEOUT.toSeconds(), timeouts, skipped);
        out.printf("  background: %d accepted, %d rejected in %.1f s = %.0f events/s accepted (target %.0f: %s)%n",
                sent.accepted(), sent.rejected(), sent.elapsed().toNanos() / 1e9, sent.acceptedPerSecond(), rate,
                sent.acceptedPerSecond() >= 0.95 * rate ? "sustained" : "NOT sustained");
        out.printf("  consumer lag at the end of the probes (records; <= 1 per partition = caught up): %s%n", lagAtEnd);
    }

    /** Microseconds until X left the list; -1 when the user had no recommendation, -2 on timeout. */
    private long probe(String user, int k, int n) throws java.io.IOException, InterruptedException {
        String url = recommenderUrl + "/v1/recommendations/" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "?k=" + k;
        JsonNode before = get(url);
        if (before == null || before.path("items").isEmpty()) {
            return -1;
        }
        String x = before.path("items").get(0).path("itemId").asText();
        GeneratedItem item = items.get(x);
        RawEvent purchase = new RawEvent(RawEvent.CURRENT_SCHEMA_VERSION, "bench-probe-" + System.nanoTime() + "-" + n, user,
                user + "-probe", EventType.PURCHASE, x, item == null ? null : item.category(), item == null ? null : item.brand(),
                item == null ? null : item.price(), item == null ? null : "EUR", 1, null, null, null, Instant.now(), null, null);
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/events"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(purchase))).build(),
                HttpResponse.BodyHandlers.ofString());
        long accepted = System.nanoTime();
        if (posted.statusCode() / 100 != 2) {
            throw new IllegalStateException("ingest answered " + posted.statusCode() + " to a probe: " + posted.body());
        }
        long deadline = accepted + PROBE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode now = get(url);
            if (now != null && !contains(now, x)) {
                return (System.nanoTime() - accepted) / 1000;
            }
            LockSupport.parkNanos(2_000_000);
        }
        return -2;
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
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200 ? Json.mapper().readTree(r.body()) : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static RawEvent prefixed(RawEvent e) {
        return new RawEvent(e.schemaVersion(), e.eventId(), "bg-" + e.userId(), "bg-" + e.sessionId(), e.type(), e.itemId(),
                e.category(), e.brand(), e.price(), e.currency(), e.quantity(), e.query(), e.reviewText(), e.rating(),
                e.timestamp(), e.receivedAt(), e.context());
    }
}
