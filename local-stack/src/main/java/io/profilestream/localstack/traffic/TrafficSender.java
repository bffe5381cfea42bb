package io.profilestream.localstack.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.model.security.LocalDevelopmentKeys;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Sends events to ingest the way a shop backend would: JSON-array batches over HTTP from a few
 * concurrent connections, honouring {@code Retry-After} on 503/429 so nothing acknowledged is
 * lost and nothing is counted twice (event ids make retries idempotent downstream).
 */
public final class TrafficSender {

    private static final int MAX_ATTEMPTS = 20;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String ingestBaseUrl;
    private final int batchSize;
    private final int concurrency;

    /**
     * @param ingestBaseUrl e.g. http://127.0.0.1:8081
     * @param batchSize     events per request (ingest's limit is 500 by default)
     * @param concurrency   requests in flight
     */
    public TrafficSender(String ingestBaseUrl, int batchSize, int concurrency) {
        this.ingestBaseUrl = ingestBaseUrl;
        this.batchSize = batchSize;
        this.concurrency = concurrency;
    }

    /**
     * Sends {@code count} objects from {@code source} to {@code path} ("/v1/events" or "/v1/items").
     *
     * @param maxPerSecond pace limit, 0 for as fast as ingest accepts
     * @param progress     called with the number of objects finished so far
     */
    public SendResult send(String path, Iterator<?> source, long count, double maxPerSecond, LongConsumer progress)
            throws InterruptedException, IOException {
        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        AtomicLong done = new AtomicLong();
        List<String> reasons = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long[] taken = {0};
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    while (true) {
                        List<Object> batch = new ArrayList<>(batchSize);
                        synchronized (taken) {
                            while (batch.size() < batchSize && taken[0] < count && source.hasNext()) {
                                batch.add(source.next());
                                taken[0]++;
                            }
                        }
                        if (batch.isEmpty()) {
                            return null;
                        }
                        pace(start, done.get(), maxPerSecond);
                        postWithRetries(path, batch, accepted, rejected, retries, reasons);
                        progress.accept(done.addAndGet(batch.size()));
                    }
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("sending to " + ingestBaseUrl + path + " failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new SendResult(accepted.get(), rejected.get(), retries.get(), Duration.ofNanos(System.nanoTime() - start),
                List.copyOf(reasons.subList(0, Math.min(5, reasons.size()))));
    }

    private void postWithRetries(String path, List<Object> batch, AtomicLong accepted, AtomicLong rejected,
                                 AtomicLong retries, List<String> reasons) throws IOException, InterruptedException {
        // A JSON array: both /v1/events and /v1/items take one (only events also take NDJSON).
        byte[] body = Json.mapper().writeValueAsBytes(batch);
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingestBaseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(LocalDevelopmentKeys.HEADER, LocalDevelopmentKeys.PRODUCER)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == 503 || status == 429) {
                if (attempt == MAX_ATTEMPTS) {
                    throw new IOException("ingest still answers " + status + " after " + MAX_ATTEMPTS + " attempts");
                }
                retries.incrementAndGet();
                long wait = response.headers().firstValueAsLong("Retry-After").orElse(1);
                Thread.sleep(Duration.ofSeconds(Math.max(1, wait)).toMillis());
                continue;
            }
            JsonNode json = Json.mapper().readTree(response.body());
            if (status == 202) {
                accepted.addAndGet(json.path("accepted").asLong());
                rejected.addAndGet(json.path("rejected").asLong());
                for (JsonNode r : json.path("results")) {
                    if ("rejected".equals(r.path("status").asText()) && reasons.size() < 5) {
                        reasons.add(r.path("errors").toString());
                    }
                }
            } else if (status == 400) {
                rejected.addAndGet(batch.size());
                if (reasons.size() < 5) {
                    reasons.add(json.path("detail").asText() + " " + json.path("errors").toString());
                }
            } else {
                throw new IOException("ingest answered " + status + ": " + response.body());
            }
            return;
        }
    }

    private static void pace(long startNanos, long done, double maxPerSecond) throws InterruptedException {
        if (maxPerSecond <= 0) {
            return;
        }
        long dueNanos = startNanos + (long) (done / maxPerSecond * 1e9);
        long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
