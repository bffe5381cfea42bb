package io.profilestream.localstack.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.model.security.LocalDevelopmentKeys;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Sends objects to ingest like a shop backend that must not lose any: JSON-array batches, and
 * every batch that did not get a 2xx (503, 429, another 5xx, a refused or broken connection, a
 * timeout) is sent again, unchanged, with the SAME event ids, until ingest stores it. Ingest is
 * at-least-once from the client's side; the privacy filter drops the duplicate event ids, which
 * makes the chain exactly-once end to end.
 *
 * <p>Objects are spread over lanes by a key (the user id), and each lane sends its batches one
 * after the other, so every user's events reach ingest in order even with several requests in
 * flight: a profile depends on the order of its user's events.
 */
public final class ResilientSender {

    /** Longest a single batch is retried before the run gives up on it. */
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);

    /**
     * Lets the fault injector hold the sender at the next fault's moment until that fault started,
     * so every fault happens while events are flowing.
     */
    @FunctionalInterface
    public interface Gate {
        /** Returns when a lane may send its next batch; {@code acknowledged} tells the events acknowledged so far. */
        void await(LongSupplier acknowledged) throws InterruptedException;

        /** A gate that never holds. */
        Gate OPEN = acknowledged -> { };
    }

    /**
     * What the sender saw.
     *
     * @param accepted             objects ingest accepted
     * @param rejected             objects ingest rejected as invalid (never retried)
     * @param requests             HTTP requests sent, retries included
     * @param retries              requests that were repeats of an earlier one
     * @param status503            503 answers
     * @param status503RetryAfter  of those, with a {@code Retry-After} header
     * @param status429            429 answers
     * @param status429RetryAfter  of those, with a {@code Retry-After} header
     * @param otherErrorStatus     other non-2xx answers by status
     * @param connectionErrors     refused, reset or broken connections
     * @param timeouts             requests without an answer in time
     * @param elapsedSeconds       time from the first request to the last answer
     * @param firstProblems        the first few failure descriptions
     */
    public record Stats(long accepted, long rejected, long requests, long retries, long status503, long status503RetryAfter,
                        long status429, long status429RetryAfter, Map<Integer, Long> otherErrorStatus, long connectionErrors,
                        long timeouts, double elapsedSeconds, List<String> firstProblems) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String ingestBaseUrl;
    private final int batchSize;
    private final int lanes;
    private final double maxPerSecond;
    private final Gate gate;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong s503 = new AtomicLong();
    private final AtomicLong s503RetryAfter = new AtomicLong();
    private final AtomicLong s429 = new AtomicLong();
    private final AtomicLong s429RetryAfter = new AtomicLong();
    private final AtomicLong connectionErrors = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong nextSlotNanos = new AtomicLong();
    private final Map<Integer, Long> otherStatus = Collections.synchronizedMap(new TreeMap<>());
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param ingestBaseUrl e.g. http://127.0.0.1:8081
     * @param batchSize     objects per request
     * @param lanes         requests in flight (each lane keeps its own objects in order)
     * @param maxPerSecond  pace limit, 0 for as fast as ingest accepts
     * @param gate          consulted before every batch
     */
    public ResilientSender(String ingestBaseUrl, int batchSize, int lanes, double maxPerSecond, Gate gate) {
        this.ingestBaseUrl = ingestBaseUrl;
        this.batchSize = batchSize;
        this.lanes = lanes;
        this.maxPerSecond = maxPerSecond;
        this.gate = gate;
    }

    /** Objects acknowledged so far (accepted or rejected by a 2xx answer). */
    public long acknowledged() {
        return acknowledged.get();
    }

    /**
     * Sends all {@code objects} to {@code path} and returns once every one was acknowledged.
     *
     * @param laneKey the key that keeps objects in order relative to each other (the user id)
     * @throws IOException when a batch could not be stored within {@link #GIVE_UP_AFTER}, or ingest
     *                     refused a request as a whole (4xx)
     */
    public <T> Stats send(String path, List<T> objects, Function<T, String> laneKey) throws IOException, InterruptedException {
        List<List<T>> perLane = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            perLane.add(new ArrayList<>());
        }
        for (T o : objects) {
            perLane.get(Math.floorMod(laneKey.apply(o).hashCode(), lanes)).add(o);
        }
        long start = System.nanoTime();
        nextSlotNanos.set(start);
        ExecutorService pool = Executors.newFixedThreadPool(lanes, r -> new Thread(r, "chaos-sender"));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (List<T> lane : perLane) {
                running.add(pool.submit(() -> {
                    for (int from = 0; from < lane.size(); from += batchSize) {
                        List<T> batch = lane.subList(from, Math.min(lane.size(), from + batchSize));
                        gate.await(acknowledged::get);
                        pace(batch.size());
                        post(path, batch);
                        acknowledged.addAndGet(batch.size());
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Stats(accepted.get(), rejected.get(), requests.get(), retries.get(), s503.get(), s503RetryAfter.get(),
                s429.get(), s429RetryAfter.get(), Map.copyOf(otherStatus), connectionErrors.get(), timeouts.get(),
                (System.nanoTime() - start) / 1e9, List.copyOf(problems.subList(0, Math.min(5, problems.size()))));
    }

    private void post(String path, List<?> batch) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingestBaseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(LocalDevelopmentKeys.HEADER, LocalDevelopmentKeys.PRODUCER)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(batch)))
                .build();
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        long backoffMs = 200;
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                retries.incrementAndGet();
            }
            requests.incrementAndGet();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                // The request may still be stored: the retry's event ids make that harmless.
                timeouts.incrementAndGet();
                response = null;
            } catch (IOException e) {
                connectionErrors.incrementAndGet();
                response = null;
            }
            long waitMs;
            if (response == null) {
                waitMs = backoffMs;
                backoffMs = Math.min(2000, backoffMs * 2);
            } else if (response.statusCode() / 100 == 2) {
                JsonNode json = Json.mapper().readTree(response.body());
                long bad = json.path("rejected").asLong(0);
                accepted.addAndGet(json.path("accepted").asLong(batch.size()));
                rejected.addAndGet(bad);
                if (bad > 0) {
                    problem(path + " rejected " + bad + ": " + response.body());
                }
                return;
            } else if (response.statusCode() == 503 || response.statusCode() == 429) {
                boolean is503 = response.statusCode() == 503;
                (is503 ? s503 : s429).incrementAndGet();
                if (response.headers().firstValue("Retry-After").isPresent()) {
                    (is503 ? s503RetryAfter : s429RetryAfter).incrementAndGet();
                }
                // Honour the server's advice, capped so a run does not stall on a large value.
                waitMs = Math.min(10_000, 1000 * response.headers().firstValueAsLong("Retry-After").orElse(1));
            } else if (response.statusCode() >= 500) {
                otherStatus.merge(response.statusCode(), 1L, Long::sum);
                problem(path + " answered " + response.statusCode() + ": " + response.body());
                waitMs = 1000;
            } else {
                throw new IOException("ingest refused " + path + " with " + response.statusCode() + ": " + response.body());
            }
            if (System.nanoTime() + waitMs * 1_000_000 > deadline) {
                throw new IOException("ingest did not store a batch of " + batch.size() + " for " + path + " within "
                        + GIVE_UP_AFTER.toMinutes() + " min of retries");
            }
            Thread.sleep(Math.max(waitMs, 50));
        }
    }

    private void problem(String text) {
        if (problems.size() < 5) {
            problems.add(text.length() > 300 ? text.substring(0, 297) + "..." : text);
        }
    }

    private void pace(int objects) throws InterruptedException {
        if (maxPerSecond <= 0) {
            return;
        }
        long cost = (long) (objects / maxPerSecond * 1e9);
        long now = System.nanoTime();
        // A lane held by the gate does not earn a burst afterwards: slots never lie in the past.
        long slot = nextSlotNanos.getAndUpdate(prev -> Math.max(prev, now) + cost);
        long wait = Math.max(slot, now) - now;
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
