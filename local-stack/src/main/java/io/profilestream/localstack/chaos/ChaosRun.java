package io.profilestream.localstack.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.generator.ClickstreamGenerator;
import io.profilestream.generator.GeneratorSettings;
import io.profilestream.localstack.ChildProcesses;
import io.profilestream.localstack.chaos.ProfileComparison.UserResult;
import io.profilestream.localstack.fleet.Fleet;
import io.profilestream.localstack.fleet.ServiceSpec;
import io.profilestream.localstack.model.DemoHistory;
import io.profilestream.localstack.model.DemoModel;
import io.profilestream.localstack.model.TrainerProcess;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.ItemUpdate;
import io.profilestream.model.event.RawEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fault-injection run: one fleet on free ports with a tiny model, the same generated events
 * replayed twice under two namespaces, first without faults (the reference), then while a
 * {@link FaultInjector} kills services and restarts the broker; at the end every user's profile
 * of the second phase is compared with the reference ({@link ProfileComparison}), and the
 * reference with the generated events themselves.
 */
public final class ChaosRun {

    /** Seconds-scale training (as LocalFleetIT's): the run needs real LSTM states, not good ones. */
    static final List<String> TINY_TRAINING = List.of("--epochs", "2", "--hidden-size", "32", "--embedding-size", "16",
            "--negatives", "128", "--ranker-epochs", "2", "--ranker-max-positions", "500", "--candidates", "30",
            "--patience", "0", "--version-label", "chaos-1");
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(20);
    /** How long profiles may stay unchanged, after the lag is gone, before missing events count as lost. */
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private final Path home;
    private final ChaosSettings s;
    private final PrintStream out;
    private final Map<String, Double> durations = new LinkedHashMap<>();
    private long mark = System.nanoTime();

    private ChaosRun(Path home, ChaosSettings settings, PrintStream out) {
        this.home = home;
        this.s = settings;
        this.out = out;
    }

    /** Runs it all and returns the report (also written to {@code settings.report()} when set). */
    public static ChaosReport run(Path home, ChaosSettings settings, PrintStream out) throws Exception {
        return new ChaosRun(home, settings, out).run();
    }

    private ChaosReport run() throws Exception {
        long start = System.nanoTime();
        Path dataDir = s.dataDir() != null ? Files.createDirectories(s.dataDir()) : Files.createTempDirectory("chaos");
        out.println("Chaos run data (broker, state, logs): " + dataDir);
        GeneratorSettings gen = GeneratorSettings.defaults(s.seed(), s.users(), s.items())
                .withStart(Instant.now().minusSeconds(Math.max(7200, 2L * s.events())));
        ChaosPlan plan = s.plan(ServiceSpec.FLEET.stream().map(ServiceSpec::module).toList());
        Path models = Files.createDirectories(dataDir.resolve("models"));
        Path history = dataDir.resolve("history.tsv");
        DemoHistory.write(history, gen, s.seed() + 77, 6000, true, gen.start());
        try (ChildProcesses trainers = new ChildProcesses().installShutdownHook()) {
            TrainerProcess trainer = TrainerProcess.start(home, history, models, TINY_TRAINING,
                    dataDir.resolve("logs").resolve("model-trainer.log"), trainers);
            List<String> modelArgs = List.of("--profilestream.model.dir=" + models.toAbsolutePath(),
                    "--profilestream.model.poll-interval=500ms");
            Fleet fleet = Fleet.start(home, dataDir, Fleet.freePorts(), s.partitions(),
                    Map.of(DemoModel.MODEL_SERVICES.get(0), modelArgs, DemoModel.MODEL_SERVICES.get(1), modelArgs), out);
            try {
                String version = trainer.awaitExported(Duration.ofMinutes(10)).getFileName().toString();
                FleetProbe probe = new FleetProbe(fleet);
                awaitModel(probe, version);
                lap("set-up (fleet, model)");
                return phases(fleet, probe, gen, plan, version, start);
            } finally {
                stop(fleet);
            }
        }
    }

    private ChaosReport phases(Fleet fleet, FleetProbe probe, GeneratorSettings gen, ChaosPlan plan, String version, long start)
            throws Exception {
        ClickstreamGenerator generator = new ClickstreamGenerator(gen, "ev");
        List<RawEvent> events = generator.take(s.events());
        Map<String, Map<EventType, Long>> truth = ChaosEvents.countsByUser(events);
        List<String> users = List.copyOf(truth.keySet());
        String ingest = fleet.service("ingest-service").baseUrl();
        List<ItemUpdate> items = generator.catalogue().asItemUpdates(gen.currency(), Instant.now());
        ResilientSender.Stats itemStats = new ResilientSender(ingest, 250, 1, 0, ResilientSender.Gate.OPEN)
                .send("/v1/items", items, ItemUpdate::itemId);
        out.printf("Catalogue: %d items accepted, %d rejected%n", itemStats.accepted(), itemStats.rejected());
        out.printf("%d events of %d users, replayed as %s-* (reference) and %s-* (with faults)%n", events.size(), users.size(),
                ChaosEvents.REFERENCE, ChaosEvents.CHAOS);

        out.println("Phase 1, reference: no faults");
        ResilientSender.Stats refStats = new ResilientSender(ingest, s.batchSize(), s.lanes(), s.rate(), ResilientSender.Gate.OPEN)
                .send("/v1/events", ChaosEvents.namespaced(events, ChaosEvents.REFERENCE), RawEvent::userId);
        lap("reference: send");
        Map<String, Long> truthTotals = new HashMap<>();
        truth.forEach((u, c) -> truthTotals.put(u, c.values().stream().mapToLong(Long::longValue).sum()));
        Map<String, JsonNode> reference = awaitProfiles(probe, users, ChaosEvents.REFERENCE, truthTotals);
        lap("reference: catch up");
        List<UserResult> refResults = new ArrayList<>();
        for (String user : users) {
            refResults.add(ProfileComparison.checkCounts(user, truth.get(user), reference.get(user)));
        }
        int withNeural = (int) reference.values().stream().filter(p -> p != null && p.hasNonNull("neural")).count();
        ChaosReport.Tally refTally = ChaosReport.Tally.of(refResults, withNeural);
        out.printf("  reference profiles: %d of %d match the generated events; %d have an LSTM state%n", refTally.identical(),
                users.size(), withNeural);

        out.printf("Phase 2, with faults: %d planned%n", plan.faults().size());
        plan.faults().forEach(f -> out.printf("  plan %d: %s %s after %d events, down %d ms%n", f.index(), f.kind(), f.target(),
                f.atEvent(), f.down().toMillis()));
        FaultInjector injector = new FaultInjector(fleet, home, plan, s.brokerStop(), out);
        ResilientSender chaosSender = new ResilientSender(ingest, s.batchSize(), s.lanes(), s.rate(), injector);
        injector.start(chaosSender::acknowledged);
        ResilientSender.Stats chaosStats = chaosSender.send("/v1/events", ChaosEvents.namespaced(events, ChaosEvents.CHAOS),
                RawEvent::userId);
        lap("chaos: send");
        List<FaultInjector.Performed> performed = injector.awaitDone(Duration.ofMinutes(30));
        injector.checkAlive("after the last fault");
        lap("chaos: rest of the faults");
        Map<String, Long> expected = new HashMap<>();
        reference.forEach((u, p) -> expected.put(u, p == null ? 0 : p.path("eventCount").asLong(0)));
        Map<String, JsonNode> chaos = awaitProfiles(probe, users, ChaosEvents.CHAOS, expected);
        injector.checkAlive("at the end");
        lap("chaos: catch up");
        List<UserResult> results = new ArrayList<>();
        for (String user : users) {
            results.add(ProfileComparison.compare(user, reference.get(user), chaos.get(user), ProfileComparison.LSTM_TOLERANCE));
        }
        ChaosReport.Tally tally = ChaosReport.Tally.of(results, withNeural);
        lap("compare");
        durations.put("total", (System.nanoTime() - start) / 1e9);
        List<String> failures = ChaosReport.failures(plan.faults(), performed, injector.unplanned(), refTally, tally);
        ChaosReport report = new ChaosReport(s, version, new LinkedHashMap<>(durations),
                refStats, chaosStats, plan.faults(), performed, ChaosReport.killsPerService(performed), injector.unplanned(),
                refTally, tally, failures.isEmpty(), failures);
        if (s.report() != null) {
            report.write(s.report());
            out.println("Report written to " + s.report().toAbsolutePath());
        }
        return report;
    }

    /**
     * Waits until the Streams applications caught up, then until every user's profile (in
     * namespace {@code ns}) has at least the expected event count, or until no pending profile
     * changed for {@link #SETTLE}; returns the profiles read last (null for none).
     */
    private Map<String, JsonNode> awaitProfiles(FleetProbe probe, List<String> users, String ns, Map<String, Long> expected)
            throws Exception {
        probe.awaitCaughtUp(CATCH_UP_TIMEOUT);
        Map<String, JsonNode> profiles = new LinkedHashMap<>();
        for (String user : users) {
            profiles.put(user, probe.profile(ns + "-" + user));
        }
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        long lastChange = System.nanoTime();
        while (true) {
            List<String> pending = users.stream().filter(u -> count(profiles.get(u)) < expected.getOrDefault(u, 0L)).toList();
            if (pending.isEmpty() || System.nanoTime() - lastChange > SETTLE.toNanos() || System.nanoTime() > deadline) {
                if (!pending.isEmpty()) {
                    out.printf("  %d users still below the expected event count after %d s without change (e.g. %s)%n",
                            pending.size(), SETTLE.toSeconds(), pending.get(0));
                }
                return profiles;
            }
            Thread.sleep(1000);
            for (String user : pending) {
                JsonNode now = probe.profile(ns + "-" + user);
                if (count(now) != count(profiles.get(user))) {
                    lastChange = System.nanoTime();
                }
                profiles.put(user, now);
            }
        }
    }

    private static long count(JsonNode profile) {
        return profile == null ? 0 : profile.path("eventCount").asLong(0);
    }

    private void awaitModel(FleetProbe probe, String version) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        for (String module : DemoModel.MODEL_SERVICES) {
            while (!version.equals(probe.servedModel(module))) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(module + " does not serve model " + version + " after 180 s");
                }
                Thread.sleep(250);
            }
        }
        out.println("Both model services serve " + version);
    }

    private void lap(String name) {
        long now = System.nanoTime();
        durations.put(name, (now - mark) / 1e9);
        mark = now;
        out.printf(Locale.ROOT, "  [%s: %.1f s]%n", name, durations.get(name));
    }

    /** Services first (they commit while the broker is still there), then the broker. */
    private static void stop(Fleet fleet) {
        List<ServiceSpec> newestFirst = new ArrayList<>(ServiceSpec.FLEET);
        java.util.Collections.reverse(newestFirst);
        for (ServiceSpec spec : newestFirst) {
            try {
                fleet.service(spec.module()).stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        fleet.close();
    }
}
