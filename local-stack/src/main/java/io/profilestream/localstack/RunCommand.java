package io.profilestream.localstack;

import io.profilestream.generator.replay.ColumnMapping;
import io.profilestream.localstack.fleet.Fleet;
import io.profilestream.localstack.traffic.EventSource;
import io.profilestream.localstack.traffic.SendResult;
import io.profilestream.localstack.traffic.TrafficSender;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Starts the fleet, sends demo traffic, shows a profile and its recommendations, keeps running. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start broker + services, send demo traffic (generated or replayed), print where to look.")
final class RunCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--home", defaultValue = "${sys:profilestream.home:-.}", description = "Repository root (default: current directory).")
    Path home;

    @Option(names = "--data-dir", defaultValue = ".local-stack", description = "Broker data, state stores and logs (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--clean", description = "Delete the data directory first.")
    boolean clean;

    @Option(names = "--events", defaultValue = "20000", description = "Events to send (default: ${DEFAULT-VALUE}); for --replay, the most rows to send.")
    long events;

    @Option(names = "--users", defaultValue = "1000", description = "Synthetic shoppers (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--items", defaultValue = "2000", description = "Synthetic catalogue size (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rate", defaultValue = "0", description = "Max events/s, 0 = as fast as ingest takes them (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replay", description = "Replay this CSV/TSV file instead of generating events.")
    Path replay;

    @Option(names = "--preset", description = "Column mapping of a known file: ${COMPLETION-CANDIDATES}.", completionCandidates = Presets.class)
    String preset;

    @Option(names = "--columns", description = "Column mapping field=column,... (fields: user, session, item, time, type, category, brand, price, currency).")
    String columns;

    @Option(names = "--delimiter", defaultValue = ",", description = "Field separator: a character or 'tab' (default: ${DEFAULT-VALUE}).")
    String delimiter;

    @Option(names = "--exit-when-done", description = "Stop everything after the demo report instead of waiting for Ctrl-C.")
    boolean exitWhenDone;

    static final class Presets extends java.util.ArrayList<String> {
        Presets() {
            super(new java.util.TreeSet<>(ColumnMapping.PRESETS.keySet()));
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        EventSource source = eventSource();
        if (clean) {
            CleanCommand.deleteTree(dataDir);
        }
        Map<String, Integer> ports = Fleet.defaultPorts();
        try (Fleet fleet = Fleet.start(home.toAbsolutePath().normalize(), dataDir.toAbsolutePath(), ports, partitions, out);
             source) {
            String ingest = fleet.service("ingest-service").baseUrl();
            TrafficSender sender = new TrafficSender(ingest, 250, 2);
            if (!source.catalogue().isEmpty()) {
                SendResult itemsResult = sender.send("/v1/items", source.catalogue().iterator(), source.catalogue().size(), 0, n -> { });
                out.printf("Catalogue: %d items accepted, %d rejected%n", itemsResult.accepted(), itemsResult.rejected());
            }
            SendResult result;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Events").setInitialMax(events)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" ev", 1).showSpeed().build()) {
                result = sender.send("/v1/events", source, events, rate, bar::stepTo);
            }
            out.printf("Sent: %d accepted, %d rejected, %d retried batches in %.1f s = %.0f events/s through ingest%n",
                    result.accepted(), result.rejected(), result.retries(), result.elapsed().toNanos() / 1e9, result.acceptedPerSecond());
            result.sampleReasons().forEach(r -> out.println("  rejected: " + r));
            if (replay != null) {
                out.println("Source rows that could not become events: " + source.rejectionSummary());
            }
            Map.Entry<String, Long> user = source.busiestUser();
            DemoReport report = new DemoReport(fleet.service("profile-updater").baseUrl(), fleet.service("recommender-service").baseUrl());
            Optional<Duration> caughtUp = report.awaitProfile(user.getKey(), user.getValue(), Duration.ofSeconds(120));
            double endToEnd = (result.elapsed().toNanos() + caughtUp.orElse(Duration.ZERO).toNanos()) / 1e9;
            if (caughtUp.isPresent()) {
                out.printf("Profile and recommender caught up %.1f s after the last event was accepted (%.0f events/s end to end)%n",
                        caughtUp.get().toNanos() / 1e9, result.accepted() / endToEnd);
            } else {
                out.printf("WARNING: the profile of %s does not have its %d events after 120 s; see the dead-letter "
                        + "topic %s and the logs%n", user.getKey(), user.getValue(), io.profilestream.model.topic.Topics.DEAD_LETTERS.name());
            }
            report.print(user.getKey(), out);
            printWhereToLook(out, fleet, user.getKey(), report.pseudonym(user.getKey()));
            if (!exitWhenDone) {
                out.println("\nRunning. Press Ctrl-C to stop everything this command started.");
                new CountDownLatch(1).await();
            }
        }
        return 0;
    }

    private EventSource eventSource() throws Exception {
        String runId = "demo-" + Long.toString(System.currentTimeMillis(), 36);
        if (replay == null) {
            if (preset != null || columns != null) {
                throw new ParameterException(spec.commandLine(), "--preset and --columns need --replay FILE");
            }
            return EventSource.synthetic(seed, users, items, runId, events);
        }
        String mapping = columns != null ? columns : preset == null ? null : ColumnMapping.PRESETS.get(preset);
        if (mapping == null) {
            throw new ParameterException(spec.commandLine(), "--replay needs --columns or a --preset of " + ColumnMapping.PRESETS.keySet());
        }
        char sep = "tab".equalsIgnoreCase(delimiter) ? '\t' : delimiter.charAt(0);
        return EventSource.replay(replay, sep, ColumnMapping.parse(mapping), runId);
    }

    private static void printWhereToLook(PrintStream out, Fleet fleet, String userId, String pseudonym) {
        String rec = fleet.service("recommender-service").baseUrl();
        out.println("\nWhere to look:");
        out.printf("  recommendations: curl '%s/v1/recommendations/%s?k=10'%n", rec, URLEncoder.encode(userId, StandardCharsets.UTF_8));
        out.printf("  profile:         curl '%s/v1/profiles/%s'%n", fleet.service("profile-updater").baseUrl(), pseudonym);
        out.printf("  send an event:   curl -X POST %s/v1/events -H 'Content-Type: application/json' -d "
                + "'{\"eventId\":\"my-1\",\"userId\":\"%s\",\"type\":\"view\",\"itemId\":\"p100000\"}'%n",
                fleet.service("ingest-service").baseUrl(), userId);
        out.printf("  health:          curl %s/actuator/health%n", rec);
        out.printf("  logs:            %s%n", fleet.service("ingest-service").logFile().getParent());
        out.printf("  broker:          %s (log %s)%n", fleet.broker().bootstrapServers(), fleet.broker().logFile());
    }
}
