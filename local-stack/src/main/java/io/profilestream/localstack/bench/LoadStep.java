package io.profilestream.localstack.bench;

import io.profilestream.generator.ClickstreamGenerator;
import io.profilestream.generator.GeneratorSettings;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.security.LocalDevelopmentKeys;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;

/**
 * One step of the load phase: for a fixed time, at the same time and from this process,
 * open-loop batches of generated events into {@code POST /v1/events} ({@link OpenLoopLoad}),
 * open-loop recommendation reads over the neural users, and {@link FreshnessProbe}s one after
 * the other. Ingest and read latencies are measured from each request's intended send time;
 * freshness from the probe purchase's 2xx answer (the probe itself is sequential). Around the
 * measured part it reads how far each Streams application's committed input advanced.
 */
final class LoadStep {

    /**
     * What every step of a sweep shares.
     *
     * @param batchSize    events per POST
     * @param readRate     recommendation requests per second
     * @param k            items per recommendation
     * @param warmup       unmeasured load before each step's measured part
     * @param duration     measured part of each step
     * @param probeSpacing pause between freshness probes
     */
    record Settings(int batchSize, double readRate, int k, Duration warmup, Duration duration, Duration probeSpacing) {
    }

    /**
     * What one step measured (warm-up excluded).
     *
     * @param rate               events per second the schedule offered
     * @param seconds            measured wall time of the event schedule
     * @param ingest             latency of each POST from its intended send time, microseconds
     * @param ingestRequests     measured POSTs (each of {@link Settings#batchSize()} events)
     * @param ingestOutcomes     how those POSTs ended, and the events their 2xx answers accepted
     * @param reads              latency of each recommendation request from its intended send time, microseconds
     * @param readRequests       measured recommendation requests
     * @param readOutcomes       how those ended
     * @param freshness          probe freshness, microseconds; timeouts recorded at the probe timeout
     * @param freshnessTimeouts  probes whose item was still served after the probe timeout
     * @param probesSkipped      probes with nothing to time (no recommendation, purchase not accepted)
     * @param processedPerSecond records per second each Streams application committed on its pipeline input
     * @param lagAtEnd           consumer lag per application at the end of the measured part
     */
    record Result(double rate, double seconds, Histogram ingest, long ingestRequests, Outcomes.Counts ingestOutcomes,
                  Histogram reads, long readRequests, Outcomes.Counts readOutcomes, Histogram freshness,
                  long freshnessTimeouts, long probesSkipped, Map<String, Double> processedPerSecond,
                  Map<String, Long> lagAtEnd) {
    }

    private final HttpClient http;
    private final String ingestUrl;
    private final String recommenderUrl;
    private final FreshnessProbe probe;
    private final ConsumerLag lag;
    private final List<String> users;
    /** Random picks, not a round-robin: see {@link RandomUsers} for the lockstep a round-robin causes. */
    private final LongFunction<String> readUser;
    private final Settings settings;

    LoadStep(HttpClient http, BenchFleet bench, ConsumerLag lag, Settings settings) {
        this.http = http;
        this.ingestUrl = bench.ingestUrl();
        this.recommenderUrl = bench.recommenderUrl();
        this.probe = new FreshnessProbe(http, ingestUrl, recommenderUrl, bench.catalogueById());
        this.lag = lag;
        this.users = bench.neuralUsers();
        this.readUser = RandomUsers.uniform(users, 1L);
        this.settings = settings;
    }

    /** Runs one step at {@code rate} events per second with background events from {@code background}. */
    Result run(double rate, GeneratorSettings background) throws Exception {
        OpenLoopLoad load = new OpenLoopLoad(http);
        ClickstreamGenerator generator = new ClickstreamGenerator(background,
                "bench-load-" + Math.round(rate) + "-" + Long.toString(System.nanoTime(), 36));
        Outcomes ingestOutcomes = new Outcomes(true);
        Outcomes readOutcomes = new Outcomes(false);
        Duration warmup = settings.warmup();
        Duration duration = settings.duration();
        ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "bench-load");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<OpenLoopLoad.Result> events = pool.submit(() -> load.run(i -> post(generator), rate / settings.batchSize(),
                    warmup, duration, () -> { }, ingestOutcomes::record));
            Future<OpenLoopLoad.Result> reads = pool.submit(() -> load.run(this::read, settings.readRate(),
                    warmup, duration, () -> { }, readOutcomes::record));
            long measuredStart = System.nanoTime() + warmup.toNanos();
            long measuredEnd = measuredStart + duration.toNanos();
            sleepUntil(measuredStart);
            Map<String, Long> before = lag.committedInputs();
            long t0 = System.nanoTime();
            Future<Probes> probes = pool.submit(() -> probes(measuredEnd));
            sleepUntil(measuredEnd);
            Map<String, Long> after = lag.committedInputs();
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> lagAtEnd = lag.lag();
            OpenLoopLoad.Result e = events.get();
            OpenLoopLoad.Result r = reads.get();
            Probes p = probes.get();
            return new Result(rate, e.seconds(), e.latencyMicros(), e.requests(),
                    ingestOutcomes.counts().withUnfinished(e.requests()), r.latencyMicros(), r.requests(),
                    readOutcomes.counts().withUnfinished(r.requests()), p.micros(), p.timeouts(), p.skipped(),
                    perSecond(before, after, seconds), lagAtEnd);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Records per second between two {@link ConsumerLag#committedInputs()} snapshots. */
    static Map<String, Double> perSecond(Map<String, Long> before, Map<String, Long> after, double seconds) {
        Map<String, Double> out = new LinkedHashMap<>();
        after.forEach((group, end) -> out.put(group, (end - before.getOrDefault(group, end)) / seconds));
        return out;
    }

    private record Probes(Histogram micros, long timeouts, long skipped) {
    }

    private Probes probes(long endNanos) throws InterruptedException {
        Histogram micros = new Histogram(3);
        long timeouts = 0;
        long skipped = 0;
        for (int i = 0; System.nanoTime() < endNanos; i++) {
            // Probe users walk the neural users from the other end than the reads, so a probe's
            // user is rarely the one being read at that moment.
            String user = users.get(users.size() - 1 - i % users.size());
            long t;
            try {
                t = probe.probe(user, settings.k(), i);
            } catch (IOException purchaseNotAccepted) {
                t = FreshnessProbe.NO_RECOMMENDATION;
            }
            if (t == FreshnessProbe.NO_RECOMMENDATION) {
                skipped++;
            } else if (t == FreshnessProbe.TIMED_OUT) {
                timeouts++;
                micros.recordValue(FreshnessProbe.TIMEOUT.toNanos() / 1000);
            } else {
                micros.recordValue(t);
            }
            Thread.sleep(settings.probeSpacing().toMillis());
        }
        return new Probes(micros, timeouts, skipped);
    }

    private HttpRequest post(ClickstreamGenerator generator) {
        List<RawEvent> batch = new ArrayList<>(settings.batchSize());
        for (int j = 0; j < settings.batchSize(); j++) {
            batch.add(FreshnessProbe.background(generator.next()));
        }
        try {
            return HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/events")).timeout(OpenLoopLoad.REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header(LocalDevelopmentKeys.HEADER, LocalDevelopmentKeys.PRODUCER)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(batch))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest read(long i) {
        String user = URLEncoder.encode(readUser.apply(i), StandardCharsets.UTF_8);
        return OpenLoopLoad.get(URI.create(recommenderUrl + "/v1/recommendations/" + user + "?k=" + settings.k()));
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        for (long wait = nanos - System.nanoTime(); wait > 0; wait = nanos - System.nanoTime()) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
