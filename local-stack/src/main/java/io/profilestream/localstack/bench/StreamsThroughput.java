package io.profilestream.localstack.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.generator.ClickstreamGenerator;
import io.profilestream.localstack.broker.TopicProvisioner;
import io.profilestream.cli.Progress;
import io.profilestream.localstack.fleet.ServiceSpec;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.model.config.EncryptionProperties;
import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.PrivacyProperties;
import io.profilestream.model.config.StreamsProperties;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.streams.StreamsConfigFactory;
import io.profilestream.model.topic.Topics;
import io.profilestream.profileupdater.neural.NeuralMetrics;
import io.profilestream.profileupdater.neural.NeuralProfileStep;
import io.profilestream.profileupdater.neural.NeuralStep;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.profileupdater.profile.ProfileTopology;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * profile-updater throughput with the LSTM step vs the same topology with the step replaced by a
 * no-op ({@link NeuralStep#disabled()}): {@link ProfileTopology#build} run by Kafka Streams in this
 * JVM against the fleet's broker (services stopped, so nothing else competes), over the same
 * pre-produced clean events, a fresh application id (empty store, consumed from the start) per
 * run, variants alternating so drift in the machine's load hits both (with
 * {@code --throughput-opened-cache-ab}, also both without the updater's opened-profile cache, for
 * that cache's gain in the same run; the two pairs take turns going first). Each run also reports the
 * CPU time it cost this JVM and the broker per event ({@link CpuTime}), to show which of the two
 * the time went to.
 */
final class StreamsThroughput {

    private static final Pseudonymizer PSEUDONYMS = Pseudonymizer.fromProperties(new PrivacyProperties("", "k1"), true);

    /**
     * Commit interval of both variants unless --commit-interval gives one. 100 ms, not the
     * updater's shipped 50 ms: runs 5-111 in docs/BENCHMARKS.md used it, so their ratios stay
     * comparable, and a shorter interval adds a per-commit cost that is the same in both variants
     * and so flatters the ratio.
     */
    static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

    private StreamsThroughput() {
    }

    /** What every run of one phase shares: the Streams settings of both variants. */
    private record RunSettings(String bootstrap, int threads, Duration commitInterval, Map<String, String> client) {

        Properties properties(String appId, Path stateDir) {
            return StreamsConfigFactory.create(new KafkaProperties(bootstrap, client),
                    new StreamsProperties(appId, stateDir.toString(), threads, "exactly_once_v2", (short) -1, commitInterval, 256, ""));
        }
    }

    static void run(BenchFleet bench, int events, int rounds, int threads, Duration commitInterval, Map<String, String> client,
                    long pageCacheFillMib, boolean openedCacheAb, boolean progress, PrintStream out) throws Exception {
        String bootstrap = bench.fleet().broker().bootstrapServers();
        out.printf(Locale.ROOT, "%nThroughput: profile-updater topology, %d stream thread(s), commit interval %d ms, %d clean events, "
                + "%d rounds of %s; services stopped%s%n", threads, commitInterval.toMillis(), events, rounds,
                openedCacheAb ? "noop,lstm,noop-opening,lstm-opening" : "noop,lstm",
                client.isEmpty() ? "" : "; client settings " + client);
        for (ServiceSpec spec : ServiceSpec.FLEET) {
            bench.fleet().service(spec.module()).stop();
        }
        PageCacheFill fill = pageCacheFillMib > 0
                // Before the events are produced, so that their pages are the newest when memory runs short.
                ? PageCacheFill.write(bench.dataDir().resolve("page-cache-fill.bin"), pageCacheFillMib, out) : null;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // A topic holding exactly the benchmark's events (the earlier phases' events are gone).
            admin.deleteTopics(List.of(Topics.CLEAN_EVENTS.name())).all().get(30, TimeUnit.SECONDS);
            while (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(Topics.CLEAN_EVENTS.name())) {
                Thread.sleep(200);
            }
            Thread.sleep(1000);
            TopicProvisioner.provision(bootstrap, BenchFleet.PARTITIONS);
            long produced = produce(bench, bootstrap, events, progress);
            out.printf(Locale.ROOT, "  produced %d clean events to %s%n", produced, Topics.CLEAN_EVENTS.name());
            measure(admin, bench, new RunSettings(bootstrap, threads, commitInterval, client), rounds, produced, openedCacheAb, out);
        } finally {
            if (fill != null) {
                fill.close();
            }
        }
    }

    /**
     * One variant of the topology: the neural step and the updater's opened-profile cache.
     *
     * @param name  printed, and part of the application id
     * @param lstm  whether the step is the LSTM's (else the no-op)
     * @param cache the updater's opened-profile cache
     */
    private record Variant(String name, boolean lstm, ProfileSettings.OpenedCache cache) {
    }

    private static void measure(Admin admin, BenchFleet bench, RunSettings settings, int rounds, long produced,
                                boolean openedCacheAb, PrintStream out) throws Exception {
        ModelRegistry models = ModelRegistry.fixed(ServingModels.loadForStepping(bench.modelDir()));
        NeuralStep lstm = new NeuralProfileStep(models, ProfileSettings.defaults().sessionItemsCap(),
                new NeuralMetrics(new SimpleMeterRegistry()));
        List<Variant> variants = new ArrayList<>(List.of(
                new Variant("noop", false, ProfileSettings.OpenedCache.defaults()),
                new Variant("lstm", true, ProfileSettings.OpenedCache.defaults())));
        if (openedCacheAb) {
            // The same pair with every event opening its stored profile, as before the cache existed.
            variants.add(new Variant("noop-opening", false, ProfileSettings.OpenedCache.off()));
            variants.add(new Variant("lstm-opening", true, ProfileSettings.OpenedCache.off()));
        }
        // One uncounted run of each variant first: the first run pays JIT warm-up and cold broker page
        // cache (measured: a first noop run at 7,586 events/s, the next at 14,435), which would bias the ratio.
        out.println("  warm-up (not counted):");
        for (Variant v : variants) {
            runOnce(admin, bench, settings, "warmup-" + v.name(), v.lstm() ? lstm : NeuralStep.disabled(), v.cache(), produced, out);
        }
        double[] sum = new double[variants.size()];
        double[] cpu = new double[variants.size()];
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < variants.size(); j++) {
                // The pair keeps its order (noop first, as before the A/B); with the A/B the two pairs take turns going first.
                int i = openedCacheAb && r % 2 == 1 ? (j + 2) % variants.size() : j;
                Variant v = variants.get(i);
                Measured m = runOnce(admin, bench, settings, v.name() + "-" + r, v.lstm() ? lstm : NeuralStep.disabled(),
                        v.cache(), produced, out);
                sum[i] += m.perSecond();
                cpu[i] += m.cpuMicrosPerEvent();
            }
        }
        out.printf(Locale.ROOT, "  mean: noop %.0f events/s, lstm %.0f events/s; ratio lstm/noop = %.2f (model %s)%n",
                sum[0] / rounds, sum[1] / rounds, sum[1] / sum[0], bench.modelDir().getFileName());
        // A second view of the same runs: what each event cost the bench JVM and the broker
        // together. Not the target's measure (events/s); CPU is counted from the instance's
        // start, events/s from RUNNING.
        out.printf(Locale.ROOT, "  mean CPU per event (bench JVM + broker): noop %.1f µs, lstm %.1f µs; ratio noop/lstm = %.2f%n",
                cpu[0] / rounds, cpu[1] / rounds, cpu[0] / cpu[1]);
        if (openedCacheAb) {
            out.printf(Locale.ROOT, "  without the opened-profile cache: noop %.0f events/s, lstm %.0f events/s; ratio lstm/noop = %.2f;"
                    + " CPU per event noop %.1f µs, lstm %.1f µs%n", sum[2] / rounds, sum[3] / rounds, sum[3] / sum[2],
                    cpu[2] / rounds, cpu[3] / rounds);
            out.printf(Locale.ROOT, "  opened-profile cache, events/s with / without: noop %.2f, lstm %.2f; CPU per event without / with:"
                    + " noop %.2f, lstm %.2f%n", sum[0] / sum[2], sum[1] / sum[3], cpu[2] / cpu[0], cpu[3] / cpu[1]);
        }
    }

    private static long produce(BenchFleet bench, String bootstrap, int events, boolean progress) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        ClickstreamGenerator generator = new ClickstreamGenerator(bench.settings(), "bench-throughput");
        try (KafkaProducer<String, CleanEvent> producer = new KafkaProducer<>(p, Topics.CLEAN_EVENTS.keySerde().serializer(),
                Topics.CLEAN_EVENTS.valueSerde().serializer());
             Progress bar = Progress.of(progress, "produce clean events", events, " events")) {
            for (int i = 0; i < events; i++) {
                CleanEvent e = clean(generator.next());
                producer.send(new ProducerRecord<>(Topics.CLEAN_EVENTS.name(), e.userKey(), e));
                bar.step(1);
            }
            producer.flush();
        }
        return events;
    }

    /** What the privacy filter would emit for a valid raw event (local-profile key). */
    private static CleanEvent clean(RawEvent e) {
        return new CleanEvent(RawEvent.CURRENT_SCHEMA_VERSION, e.eventId(), PSEUDONYMS.user(e.userId()), PSEUDONYMS.keyId(),
                PSEUDONYMS.pseudonymize(Pseudonymizer.Domain.SESSION, e.sessionId()), e.type(), e.itemId(), e.category(),
                e.brand(), e.price(), e.currency(), e.quantity(), e.query(), e.reviewText(), e.rating(), e.timestamp());
    }

    /**
     * One run's result.
     *
     * @param perSecond         events per second from RUNNING until every input partition is committed to its end
     * @param cpuMicrosPerEvent CPU of the bench JVM and the broker from start to that point, per event (NaN if not reported)
     */
    private record Measured(double perSecond, double cpuMicrosPerEvent) {
    }

    private static Measured runOnce(Admin admin, BenchFleet bench, RunSettings settings, String id, NeuralStep step,
                                    ProfileSettings.OpenedCache cache, long events, PrintStream out) throws Exception {
        String appId = "bench-profile-updater-" + id + "-" + Long.toString(System.nanoTime(), 36);
        Properties props = settings.properties(appId, bench.dataDir().resolve("bench-state").resolve(appId));
        var ends = admin.listOffsets(partitions().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                .all().get(10, TimeUnit.SECONDS);
        Optional<ProcessHandle> broker = bench.fleet().broker().processHandle();
        CpuTime cpuAtStart = CpuTime.now(broker);
        long started = System.nanoTime();
        long[] running = {0};
        try (KafkaStreams streams = new KafkaStreams(ProfileTopology.build(new ProfileTopology.Deps(ProfileSettings.defaults().withOpenedCache(cache), step,
                // The public development key, as the local-profile services use: sealing is measured too.
                UserDataCipher.fromProperties(new EncryptionProperties("", "m1"), true))),
                props)) {
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING && running[0] == 0) {
                    running[0] = System.nanoTime();
                }
            });
            streams.start();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                boolean done = ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue().offset());
                if (done) {
                    break;
                }
                if (streams.state() == KafkaStreams.State.ERROR || System.nanoTime() - started > TimeUnit.MINUTES.toNanos(30)) {
                    throw new IllegalStateException("throughput run " + id + " failed (state " + streams.state() + ")");
                }
                Thread.sleep(50);
            }
            long end = System.nanoTime();
            double[] cpu = CpuTime.now(broker).microsPerEventSince(cpuAtStart, events);
            double seconds = (end - (running[0] == 0 ? started : running[0])) / 1e9;
            double perSecond = events / seconds;
            double hits = total(streams, "opened-profile-hits-total");
            double misses = total(streams, "opened-profile-misses-total");
            out.printf(Locale.ROOT, "  %-8s %.0f events/s (%.1f s from RUNNING, %.1f s from start); CPU per event: bench JVM %.1f µs,"
                    + " broker %.1f µs (kernel %.1f); opened profiles used for %.1f %% of events%n", id, perSecond, seconds,
                    (end - started) / 1e9, cpu[0], cpu[1], cpu[2], hits + misses == 0 ? 0 : 100 * hits / (hits + misses));
            streams.close(Duration.ofSeconds(30));
            return new Measured(perSecond, cpu[0] + cpu[1]);
        }
    }

    /** A Streams metric summed over its tasks. */
    private static double total(KafkaStreams streams, String name) {
        return streams.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    private static Set<TopicPartition> partitions() {
        return java.util.stream.IntStream.range(0, BenchFleet.PARTITIONS)
                .mapToObj(p -> new TopicPartition(Topics.CLEAN_EVENTS.name(), p)).collect(Collectors.toSet());
    }
}
