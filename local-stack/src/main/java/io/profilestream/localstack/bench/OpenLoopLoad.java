package io.profilestream.localstack.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.profilestream.model.security.LocalDevelopmentKeys;
import io.profilestream.model.serde.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Open-loop HTTP load: request {@code i} is due at {@code start + i / rate} whatever happened to
 * the earlier ones, and its latency is measured from that intended time, not from when it was
 * actually sent. A server that stalls therefore shows its stall in the percentiles instead of
 * slowing the load down (no coordinated omission).
 */
final class OpenLoopLoad {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Whether this JVM's {@code sendAsync} answers each start a thread of their own. The JDK 17
     * client hands every response to {@code CompletableFuture}'s default executor, which is a new
     * thread per task when the common pool's parallelism is below 2: the default on a 2-core
     * machine (cores − 1). JFR of a latency run here counted 75,004 thread starts for 75,000
     * requests, each on the path that the latency is measured along. The launcher's main sizes the
     * pool ({@code LocalStackCli.commonPoolOfTwo}); this tells when that did not take.
     */
    static boolean completesOnNewThreads() {
        return ForkJoinPool.getCommonPoolParallelism() < 2;
    }

    private final HttpClient http;

    OpenLoopLoad(HttpClient http) {
        this.http = http;
    }

    /**
     * What one run measured (warm-up excluded).
     *
     * @param latencyMicros from intended send time to the complete response, microseconds; every
     *                      answered request (errors included), timeouts recorded at the timeout
     * @param requests      measured requests
     * @param errors        non-200 answers, failures and timeouts
     * @param paths         the responses' {@code path} values and how often each came
     * @param seconds       measured wall time
     */
    record Result(Histogram latencyMicros, long requests, long errors, Map<String, Long> paths, double seconds) {

        double rate() {
            return requests / seconds;
        }
    }

    /**
     * Sends GETs to {@code target.apply(i)} at {@code rate} per second: {@code warmup} unmeasured,
     * then {@code duration} measured; waits for the stragglers.
     */
    Result run(LongFunction<URI> target, double rate, Duration warmup, Duration duration) throws InterruptedException {
        return run(target, rate, warmup, duration, () -> { });
    }

    /**
     * As {@link #run(LongFunction, double, Duration, Duration)}, calling {@code atMeasuredStart}
     * just before the first measured request is sent; it must not block (it delays the load).
     */
    Result run(LongFunction<URI> target, double rate, Duration warmup, Duration duration, Runnable atMeasuredStart)
            throws InterruptedException {
        Map<String, LongAdder> paths = new ConcurrentHashMap<>();
        Result r = run(i -> get(target.apply(i)), rate, warmup, duration, atMeasuredStart, (response, failure) -> {
            if (failure == null && response.statusCode() == 200) {
                paths.computeIfAbsent(pathOf(response.body()), p -> new LongAdder()).increment();
            }
        });
        Map<String, Long> mix = new TreeMap<>();
        paths.forEach((p, n) -> mix.put(p, n.sum()));
        return new Result(r.latencyMicros(), r.requests(), r.errors(), mix, r.seconds());
    }

    /**
     * The open-loop schedule with any request: {@code request.apply(i)} is built when request
     * {@code i} is due (on the sending thread, so it must be cheap), and {@code measured} sees
     * every measured answer or failure (on an HTTP client thread; it must be thread-safe). Errors
     * are failures and non-2xx answers; {@link Result#paths()} is empty. Answers that come after
     * the stragglers' deadline are neither recorded nor passed on: the result does not change
     * after it was returned (such requests count as errors).
     */
    Result run(LongFunction<HttpRequest> request, double rate, Duration warmup, Duration duration, Runnable atMeasuredStart,
               BiConsumer<HttpResponse<byte[]>, Throwable> measured) throws InterruptedException {
        long periodNanos = periodNanos(rate);
        long warmupCount = warmup.toNanos() / periodNanos;
        long total = warmupCount + duration.toNanos() / periodNanos;
        ConcurrentHistogram histogram = new ConcurrentHistogram(3);
        LongAdder errors = new LongAdder();
        AtomicLong inFlight = new AtomicLong();
        AtomicBoolean closed = new AtomicBoolean();
        long start = System.nanoTime() + 10_000_000;
        for (long i = 0; i < total; i++) {
            long intended = intendedNanos(start, i, periodNanos);
            for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            boolean isMeasured = i >= warmupCount;
            if (i == warmupCount) {
                atMeasuredStart.run();
            }
            inFlight.incrementAndGet();
            http.sendAsync(request.apply(i), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
                long micros = (System.nanoTime() - intended) / 1000;
                try {
                    if (!isMeasured || closed.get()) {
                        return;
                    }
                    histogram.recordValue(micros);
                    if (failure != null || response.statusCode() / 100 != 2) {
                        errors.increment();
                    }
                    measured.accept(response, failure);
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        }
        long end = System.nanoTime();
        long deadline = end + REQUEST_TIMEOUT.toNanos() + 1_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        closed.set(true);
        return new Result(histogram.copy(), total - warmupCount, errors.sum() + inFlight.get(), Map.of(),
                (end - intendedNanos(start, warmupCount, periodNanos)) / 1e9);
    }

    /** Nanoseconds between two sends at {@code rate} per second. */
    static long periodNanos(double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be > 0: " + rate);
        }
        return Math.max(1, Math.round(1e9 / rate));
    }

    /** When request {@code i} is due: {@code start + i} periods, whatever happened to the earlier ones. */
    static long intendedNanos(long startNanos, long i, long periodNanos) {
        return startNanos + i * periodNanos;
    }

    /** Requests a run of {@code duration} at {@code rate} sends (the schedule's count, stragglers aside). */
    static long count(double rate, Duration duration) {
        return duration.toNanos() / periodNanos(rate);
    }

    /** A GET with the READER key, as every read of the benchmark. */
    static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header(LocalDevelopmentKeys.HEADER, LocalDevelopmentKeys.READER)
                .GET().build();
    }

    /** {@code count} requests one after the other (closed loop): service time without queueing, microseconds. */
    Histogram serial(LongFunction<URI> target, int count) throws InterruptedException {
        Histogram micros = new Histogram(3);
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            try {
                http.send(get(target.apply(i)), HttpResponse.BodyHandlers.ofByteArray());
            } catch (java.io.IOException e) {
                // Counted in the time like any other answer; the open-loop runs count errors.
            }
            micros.recordValue((System.nanoTime() - start) / 1000);
        }
        return micros;
    }

    /**
     * The response's top-level {@code path} ({@code strategy:X} when it has none), read with a
     * streaming parser that stops as soon as it has the field. Why not {@code readTree}: building
     * the whole tree of a 20-item answer (BigDecimal numbers included) was half of this load
     * generator's CPU at 500 requests/s (JFR, run 42), CPU taken from the services it measures on
     * the same cores.
     */
    static String pathOf(byte[] body) {
        String strategy = null;
        try (JsonParser p = Json.mapper().getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "unparseable";
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("path".equals(field) && value == JsonToken.VALUE_STRING && !p.getText().isEmpty()) {
                    return p.getText();
                }
                if ("strategy".equals(field) && value == JsonToken.VALUE_STRING) {
                    strategy = p.getText();
                }
                p.skipChildren();
            }
            return "strategy:" + (strategy == null ? "?" : strategy);
        } catch (java.io.IOException e) {
            return "unparseable";
        }
    }
}
