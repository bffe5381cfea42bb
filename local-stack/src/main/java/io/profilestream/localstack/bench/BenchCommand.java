package io.profilestream.localstack.bench;

import io.profilestream.localstack.LocalStackCli;
import io.profilestream.generator.GeneratorSettings;
import io.profilestream.localstack.CleanCommand;
import io.profilestream.cli.ProgressOptions;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench} (bin/benchmark-online): the online targets of issue 4 measured on a real local
 * fleet in one run: recommendation latency under open-loop load (neural vs popular), freshness
 * under background traffic, and profile-updater throughput with vs without the LSTM step; on request
 * ({@code --phases load}) events, reads and freshness probes together in a sweep of event rates.
 * Prints results and ratios; asserts nothing.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Online benchmark on a fresh local fleet: recommendation latency, freshness, load, throughput.",
        description = "Starts a fresh fleet on its own ports and data dir, trains a model over a synthetic catalogue "
                + "(or uses --model), builds neural profiles, then measures the selected phases and prints results and "
                + "ratios (docs/BENCHMARKS.md, section Online). Progress bars (terminal only) cover the set-up traffic, the "
                + "freshness probes and the throughput events; the timed latency runs and load steps have none.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success (the benchmark asserts nothing: read the numbers)",
                "1:failure at run time: the fleet did not start, a phase failed, --model is not a directory; one line "
                        + "'error: ...' on stderr (--debug adds the stack trace)",
                "2:invalid command line: unknown option, bad or missing value (the reason on stderr)",
                "130:stopped with Ctrl-C (SIGINT; 143 for SIGTERM) after stopping everything it started"})
public final class BenchCommand implements Callable<Integer> {

    /** Benchmark phases. */
    public enum Phase { latency, freshness, load, throughput }

    @Option(names = "--home", paramLabel = "DIR", defaultValue = "${sys:profilestream.home:-.}", description = "Repository root (default: current directory).")
    Path home;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".local-stack-bench", description = "Deleted and recreated at start (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--keep", description = "Keep the data directory (logs, broker data) after the run.")
    boolean keep;

    @Option(names = "--phases", paramLabel = "PHASE", split = ",", defaultValue = "latency,freshness,throughput",
            description = "Phases to run: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; load only when asked for).")
    Set<Phase> phases = EnumSet.of(Phase.latency, Phase.freshness, Phase.throughput);

    @Option(names = "--quick", description = "Smoke-test sizes and rates: 5,000 items, 300 users, 100 requests/s for 10 s, "
            + "20 probes at 200 events/s, 20,000 events per throughput run, load steps at 100,200 events/s with 50 reads/s.")
    boolean quick;

    @Option(names = "--port-offset", paramLabel = "N", defaultValue = "100", description = "Added to the demo's ports, so a running demo is not disturbed (default: ${DEFAULT-VALUE}).")
    int portOffset;

    @Option(names = {"--model", "--models-dir"}, paramLabel = "DIR",
            description = "Use this models directory (relative to the repository root) instead of training: its CURRENT or newest version.")
    Path model;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "7", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--items", paramLabel = "N", description = "Catalogue size (default 50000; quick 5000).")
    Integer items;

    @Option(names = "--hidden-size", paramLabel = "N", defaultValue = "128", description = "LSTM units of the trained model (default: ${DEFAULT-VALUE}).")
    int hiddenSize;

    @Option(names = "--history-events", paramLabel = "N", description = "Generated history the model trains on (default 150000; quick 20000).")
    Integer historyEvents;

    @Option(names = "--epochs", paramLabel = "N", description = "LSTM epochs (default 1).")
    Integer epochs;

    @Option(names = "--users", paramLabel = "N", description = "Shoppers with profiles (default 3000; quick 300).")
    Integer users;

    @Option(names = "--profile-events", paramLabel = "N", description = "Events that build the profiles (default 60000; quick 5000).")
    Integer profileEvents;

    @Option(names = "--rate", paramLabel = "REQUESTS_PER_S", description = "Recommendation requests per second, open loop (default 500; quick 100).")
    Double rate;

    @Option(names = "--k", paramLabel = "N", defaultValue = "20", description = "Items per recommendation (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--warmup", paramLabel = "DURATION", converter = DurationConverter.class, description = "Unmeasured load before each latency run and each load step, e.g. 15s (default 15s; quick 3s).")
    Duration warmup;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class, description = "Measured load per latency run and per load step, e.g. 60s (default 60s; quick 10s).")
    Duration duration;

    @Option(names = "--cache-ab", description = "Latency phase: after its runs (A, the recommender's ranked-list cache as "
            + "configured), restart only the recommender with --profilestream.recommender.ranked-cache-size=0, wait until it "
            + "serves every neural user from the same model again, repeat the one-at-a-time and both open-loop runs with the "
            + "same settings and neural users (B; unknown users are fresh ids again), and print A, B and A/B. B runs second "
            + "on a freshly started JVM, so warm-up/JIT differ: its only warm-up is the readiness scan (one k=1 request per "
            + "neural user, like A's set-up scan) and each run's own --warmup. The cache is back on for the freshness phase.")
    boolean cacheAb;

    @Option(names = "--events-rate", paramLabel = "EVENTS_PER_S", description = "Background events/s during freshness probes (default 1000; quick 200).")
    Double eventsRate;

    @Option(names = "--probes", paramLabel = "N", description = "Freshness probes (default 150; quick 20).")
    Integer probes;

    @Option(names = "--probe-spacing", paramLabel = "DURATION", defaultValue = "250ms", converter = DurationConverter.class,
            description = "Pause between probes, freshness and load phases (default: ${DEFAULT-VALUE}).")
    Duration probeSpacing;

    @Option(names = "--rates", paramLabel = "EVENTS_PER_S", split = ",",
            description = "Load phase: events/s of each step of the sweep, one --duration step per rate in this order on the "
                    + "same fleet (default 250,500,1000; quick 100,200). Ends with the highest rate whose freshness p99 < 100 ms.")
    List<Double> rates;

    @Option(names = "--read-rate", paramLabel = "REQUESTS_PER_S",
            description = "Load phase: recommendation requests/s during every step, open loop (default 100; quick 50).")
    Double readRate;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "10",
            description = "Load phase: events per POST /v1/events (default: ${DEFAULT-VALUE}; ingest takes up to 500).")
    int batchSize;

    @Option(names = "--json", paramLabel = "FILE", description = "Load phase: also write the sweep's figures as JSON to FILE.")
    Path json;

    @Option(names = "--throughput-events", paramLabel = "N", description = "Clean events each throughput run consumes (default 200000; quick 20000).")
    Integer throughputEvents;

    @Option(names = "--commit-interval", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Commit interval of the three Streams services and of the throughput phase's topology, e.g. 50ms "
                    + "(default: the services' own, 50ms in the privacy filter and profile updater, 1s in the recommender; "
                    + "100ms in the throughput phase, as in its earlier runs). Under "
                    + "exactly-once an event becomes visible downstream only at its hop's commit.")
    Duration commitInterval;

    @Option(names = "--throughput-client", paramLabel = "KEY=VALUE",
            description = "Throughput phase: a Kafka client setting for both variants' Streams instance, e.g. "
                    + "producer.batch.size=65536 (repeatable; keys as in Streams configuration, so producer./consumer. prefixes apply).")
    Map<String, String> throughputClient = new LinkedHashMap<>();

    @Option(names = "--page-cache-fill", paramLabel = "MiB", defaultValue = "0",
            description = "Throughput phase: write and keep a file of this many MiB before the runs, so that the page cache they "
                    + "write into is memory already in place (a VM that returns freed pages to its host faults on every fresh one; "
                    + "docs/BENCHMARKS.md runs 117-124). About the machine's memory less 3 GiB; it takes as much disk; "
                    + "0 = off (default: ${DEFAULT-VALUE}).")
    long pageCacheFillMib;

    @Option(names = "--throughput-opened-cache-ab",
            description = "Throughput phase: also run both variants without the profile updater's opened-profile cache "
                    + "(profilestream.profile.opened-cache.size=0) in every round, and print the cache's gain from the same run.")
    boolean throughputOpenedCacheAb;

    @Option(names = "--throughput-rounds", paramLabel = "N", defaultValue = "2", description = "noop,lstm pairs, alternating (default: ${DEFAULT-VALUE}).")
    int throughputRounds;

    @Option(names = "--throughput-threads", paramLabel = "N", defaultValue = "1", description = "Stream threads of both variants (default: ${DEFAULT-VALUE}, as the service's profilestream.streams.num-threads).")
    int throughputThreads;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (cacheAb && !phases.contains(Phase.latency)) {
            throw new ParameterException(spec.commandLine(), "--cache-ab needs the latency phase (--phases latency,...)");
        }
        checkLoadOptions();
        if (pageCacheFillMib < 0 || pageCacheFillMib > 0 && !phases.contains(Phase.throughput)) {
            throw new ParameterException(spec.commandLine(),
                    "--page-cache-fill takes MiB >= 0 and needs the throughput phase (--phases throughput,...)");
        }
        if (model != null && !Files.isDirectory(model)) {
            // Checked before the data directory is deleted and anything is started.
            throw new NoSuchFileException(model.toString(), null,
                    Files.exists(model) ? "not a directory (--model takes a models directory)" : "no such models directory (--model)");
        }
        BenchSettings s = new BenchSettings(
                or(items, quick ? 5_000 : 50_000), hiddenSize, or(historyEvents, quick ? 20_000 : 150_000), or(epochs, 1),
                or(users, quick ? 300 : 3_000), or(profileEvents, quick ? 5_000 : 60_000), seed,
                commitInterval, progress.enabled());
        out.printf(Locale.ROOT, "ProfileStream online benchmark %s: phases %s, %s, commit interval %s, load average %.2f, "
                        + "%d cores%n", Instant.now(), phases, quick ? "QUICK (smoke test, numbers mean little)" : "full",
                commitInterval == null ? "the services' own (50ms, 50ms, 1s)" : commitInterval.toMillis() + "ms",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        if ((phases.contains(Phase.latency) || phases.contains(Phase.load)) && OpenLoopLoad.completesOnNewThreads()) {
            System.err.println("WARNING: the JDK's common pool has parallelism < 2 here, so java.net.http completes every "
                    + "answer on a new thread, whose start-up is measured as latency; start this JVM with -D"
                    + LocalStackCli.COMMON_PARALLELISM + "=2");
        }
        CleanCommand.deleteTree(dataDir);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).connectTimeout(Duration.ofSeconds(2)).build();
        try (BenchFleet bench = BenchFleet.start(home.toAbsolutePath().normalize(), dataDir.toAbsolutePath(), portOffset, s, model,
                http, out)) {
            Duration w = or(warmup, Duration.ofSeconds(quick ? 3 : 15));
            Duration d = or(duration, Duration.ofSeconds(quick ? 10 : 60));
            if (phases.contains(Phase.latency)) {
                double r = or(rate, quick ? 100.0 : 500.0);
                if (cacheAb) {
                    out.printf("%nCache A/B, A: the recommender's ranked-list cache as configured%n");
                }
                CacheAb.Figures a = latency(bench, http, r, w, d, out);
                if (cacheAb) {
                    CacheAb.run(bench, a, () -> latency(bench, http, r, w, d, out), phases.contains(Phase.freshness), out);
                }
            }
            if (phases.contains(Phase.freshness)) {
                try (ConsumerLag lag = new ConsumerLag(bench.fleet().broker().bootstrapServers())) {
                    GeneratorSettings background = GeneratorSettings.defaults(seed + 17, s.users(), s.items())
                            .withStart(Instant.now().minus(Duration.ofDays(2)));
                    new FreshnessBench(http, bench.ingestUrl(), bench.recommenderUrl(), bench.catalogueById(),
                            bench.streamsPrometheusUrls())
                            .run(bench.neuralUsers(), or(probes, quick ? 20 : 150), probeSpacing,
                                    k, background, or(eventsRate, quick ? 200.0 : 1000.0), lag, progress.enabled(), out);
                }
            }
            if (phases.contains(Phase.load)) {
                LoadPhase.run(bench, http, or(rates, quick ? List.of(100.0, 200.0) : List.of(250.0, 500.0, 1000.0)),
                        new LoadStep.Settings(batchSize, or(readRate, quick ? 50.0 : 100.0), k, w, d, probeSpacing),
                        GeneratorSettings.defaults(seed + 23, s.users(), s.items()).withStart(Instant.now().minus(Duration.ofDays(2))),
                        json, out);
            }
            if (phases.contains(Phase.throughput)) {
                StreamsThroughput.run(bench, or(throughputEvents, quick ? 20_000 : 200_000), throughputRounds, throughputThreads,
                        or(commitInterval, StreamsThroughput.DEFAULT_COMMIT_INTERVAL), throughputClient, pageCacheFillMib,
                        throughputOpenedCacheAb, progress.enabled(), out);
            }
        } finally {
            if (!keep) {
                CleanCommand.deleteTree(dataDir);
            }
        }
        out.printf(Locale.ROOT, "Done; load average now %.2f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return 0;
    }

    /** The load phase's options: only with it, and in range (checked before anything is deleted or started). */
    private void checkLoadOptions() {
        if (!phases.contains(Phase.load) && (rates != null || readRate != null || json != null)) {
            throw new ParameterException(spec.commandLine(), "--rates, --read-rate and --json need the load phase (--phases load,...)");
        }
        if (rates != null && (rates.isEmpty() || rates.stream().anyMatch(r -> !(r > 0)))) {
            throw new ParameterException(spec.commandLine(), "--rates must be events/s > 0, e.g. --rates 250,500,1000");
        }
        if (readRate != null && !(readRate > 0)) {
            throw new ParameterException(spec.commandLine(), "--read-rate must be > 0");
        }
        if (batchSize < 1 || batchSize > 500) {
            throw new ParameterException(spec.commandLine(), "--batch-size must be 1..500 (ingest's batch limit)");
        }
    }

    /** One pass of the latency phase; unknown users are fresh ids on every pass. */
    private CacheAb.Figures latency(BenchFleet bench, HttpClient http, double rate, Duration w, Duration d, PrintStream out)
            throws Exception {
        OpenLoopLoad load = new OpenLoopLoad(http);
        List<String> users = bench.neuralUsers();
        String base = bench.recommenderUrl() + "/v1/recommendations/";
        // One request at a time first: the service time without queueing, to read the open-loop
        // figures against (open-loop latency far above it means the rate is beyond capacity).
        org.HdrHistogram.Histogram serial = load.serial(
                i -> URI.create(base + enc(users.get((int) (i % users.size()))) + "?k=" + k), 300);
        out.printf(Locale.ROOT, "%nService time, one request at a time, neural users: %s%n", Percentiles.line(serial));
        out.printf(Locale.ROOT, "Latency: open loop %.0f requests/s, k=%d, %.0f s warm-up + %.0f s measured per run, from intended send time%n",
                rate, k, w.toMillis() / 1000.0, d.toMillis() / 1000.0);
        // The baseline runs first: a neural run beyond capacity leaves a backlog that would inflate it.
        String run = Long.toString(System.nanoTime(), 36);
        OpenLoopLoad.Result popular = measured(load, http, bench.recommenderPrometheusUrl(),
                i -> URI.create(base + "bench-unknown-" + run + "-" + i + "?k=" + k), rate, w, d, "unknown users", out);
        // Random picks, not a round-robin: see RandomUsers for the lockstep a round-robin causes.
        LongFunction<String> pick = RandomUsers.uniform(users, seed);
        OpenLoopLoad.Result neural = measured(load, http, bench.recommenderPrometheusUrl(),
                i -> URI.create(base + enc(pick.apply(i)) + "?k=" + k), rate, w, d,
                "users with neural profiles (" + users.size() + ")", out);
        out.printf(Locale.ROOT, "  ratio p99(neural)/p99(unknown) = %.2f  (p50 ratio %.2f)%n",
                Percentiles.ms(neural.latencyMicros(), 99) / Math.max(0.001, Percentiles.ms(popular.latencyMicros(), 99)),
                Percentiles.ms(neural.latencyMicros(), 50) / Math.max(0.001, Percentiles.ms(popular.latencyMicros(), 50)));
        return new CacheAb.Figures(serial, popular, neural);
    }

    /**
     * One open-loop run, printed with the recommender's ranked-list cache counters and its own
     * answer times per path over the measured part (scraped, without blocking the load, as the
     * first measured request is due, and again after the stragglers; requests in flight at the
     * first scrape make the split approximate): cached and computed answers have very different
     * costs, so the percentiles mean little alone, and the recommender's answer time (from the
     * user lookup to the answer built, before the JSON is written) tells its computing from the
     * waiting around it (Tomcat's queue, the network, a paused JVM on either side).
     */
    private static OpenLoopLoad.Result measured(OpenLoopLoad load, HttpClient http, String prometheusUrl,
                                                LongFunction<URI> target, double rate, Duration w,
                                                Duration d, String label, PrintStream out) throws Exception {
        AtomicReference<CompletableFuture<String>> before = new AtomicReference<>();
        OpenLoopLoad.Result result = load.run(target, rate, w, d,
                () -> before.set(CacheCounts.exposition(http, prometheusUrl)));
        String after = CacheCounts.exposition(http, prometheusUrl).get();
        String start = before.get() == null ? null : before.get().get();
        print(label, result, out);
        out.printf(Locale.ROOT, "    %s%n", CacheCounts.line(start == null ? null : CacheCounts.parse(start),
                after == null ? null : CacheCounts.parse(after)));
        if (start != null && after != null) {
            StageLatencies answers = StageLatencies.parse(List.of(after), StageLatencies.ANSWER_SERIES, "path")
                    .since(StageLatencies.parse(List.of(start), StageLatencies.ANSWER_SERIES, "path"));
            // Paths that answered nothing in this run (the recommender keeps every path's histogram) are left out.
            for (String line : answers.withRecords().lines()) {
                out.printf(Locale.ROOT, "    answer time in the recommender, %s%n", line.replace("records", "answers"));
            }
        }
        return result;
    }

    private static void print(String label, OpenLoopLoad.Result r, PrintStream out) {
        out.printf(Locale.ROOT, "  %s: %d requests in %.1f s (%.0f/s), %d errors, paths %s%n    %s%n", label, r.requests(),
                r.seconds(), r.rate(), r.errors(), r.paths(), Percentiles.line(r.latencyMicros()));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /**
     * Sizes of the synthetic world the benchmark builds.
     *
     * @param commitInterval the Streams services' commit interval, or null for their configured default
     * @param progress       whether set-up and phases draw progress bars
     */
    record BenchSettings(int items, int hiddenSize, int historyEvents, int epochs, int users, int profileEvents, long seed,
                         Duration commitInterval, boolean progress) {
    }
}
