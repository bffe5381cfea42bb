package io.profilestream.localstack.bench;

import io.profilestream.generator.ClickstreamGenerator;
import io.profilestream.generator.GeneratedItem;
import io.profilestream.generator.GeneratorSettings;
import io.profilestream.cli.Progress;
import io.profilestream.localstack.traffic.SendResult;
import io.profilestream.localstack.traffic.TrafficSender;
import io.profilestream.model.event.RawEvent;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * Freshness under background traffic: while generated events flow through ingest at a fixed rate,
 * {@link FreshnessProbe}s run one after the other with a pause between them.
 */
final class FreshnessBench {

    private static final Duration PROBE_TIMEOUT = FreshnessProbe.TIMEOUT;

    private final HttpClient http;
    private final String ingestUrl;
    private final List<String> stagePrometheusUrls;
    private final FreshnessProbe probe;

    /** @param stagePrometheusUrls the Streams services' Prometheus endpoints, for the per-stage latencies */
    FreshnessBench(HttpClient http, String ingestUrl, String recommenderUrl, Map<String, GeneratedItem> items,
                   List<String> stagePrometheusUrls) {
        this.http = http;
        this.ingestUrl = ingestUrl;
        this.stagePrometheusUrls = stagePrometheusUrls;
        this.probe = new FreshnessProbe(http, ingestUrl, recommenderUrl, items);
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
                return FreshnessProbe.background(generator.next());
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
        StageLatencies stagesBefore = StageLatencies.scrape(http, stagePrometheusUrls);
        StageLatencies stages;
        try (Progress bar = Progress.of(progress, "freshness probes", probes, " probes")) {
            for (int i = 0; i < probes; i++) {
                String user = probeUsers.get(i % probeUsers.size());
                long t;
                try {
                    t = probe.probe(user, k, i);
                } catch (java.io.IOException postFailed) {
                    t = FreshnessProbe.NO_RECOMMENDATION; // the purchase did not reach ingest: nothing to time
                }
                if (t == FreshnessProbe.NO_RECOMMENDATION) {
                    skipped++;
                } else if (t == FreshnessProbe.TIMED_OUT) {
                    timeouts++;
                    micros.recordValue(PROBE_TIMEOUT.toNanos() / 1000);
                } else {
                    micros.recordValue(t);
                }
                bar.step(1);
                Thread.sleep(spacing.toMillis());
            }
            lagAtEnd = lag.lag();
            stages = StageLatencies.scrape(http, stagePrometheusUrls).since(stagesBefore);
        } finally {
            stop.set(true);
        }
        SendResult sent = traffic.get();
        out.printf("Freshness (purchase of the top item -> served from the profile with it, item gone; polled every %d ms), %d probes at %.0f events/s background:%n",
                FreshnessProbe.POLL.toMillis(), micros.getTotalCount(), rate);
        out.println("  " + Percentiles.line(micros));
        out.printf("  timeouts (> %d s) %d, probes skipped (no recommendation, or the purchase POST failed) %d%n", PROBE_TIMEOUT.toSeconds(), timeouts, skipped);
        out.printf("  background: %d accepted, %d rejected in %.1f s = %.0f events/s accepted (target %.0f: %s)%n",
                sent.accepted(), sent.rejected(), sent.elapsed().toNanos() / 1e9, sent.acceptedPerSecond(), rate,
                sent.acceptedPerSecond() >= 0.95 * rate ? "sustained" : "NOT sustained");
        out.println("  every event's latency by stage over the probes (from ingest's acceptance to the stage; bucket upper bounds):");
        stages.lines().forEach(line -> out.println("    " + line));
        out.printf("  consumer lag at the end of the probes (records; <= 1 per partition = caught up): %s%n", lagAtEnd);
    }
}
