package io.profilestream.localstack.chaos;

import io.profilestream.localstack.CleanCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code chaos}: the fault-injection run of issue 6 (see {@link ChaosRun}). Exit code 0 only when
 * no user lost, doubled or changed anything and every planned fault happened.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Fault injection: kills services and restarts the broker mid-stream, then compares every profile.",
        description = "Starts a fresh fleet on free ports with a tiny trained model, replays the same generated events "
                + "twice (ids prefixed ref- and chaos-): first without faults, then while services are SIGKILLed and "
                + "restarted on their state and the broker is restarted on its data, at moments drawn from --seed. The "
                + "sender retries 503, 429, other 5xx and connection errors with the same event ids. At the end every "
                + "user's chaos- profile is compared with its ref- profile (counts and explicit features exactly, LSTM "
                + "state to 1e-5) and the ref- profiles with the generated events. Logs stay in --data-dir.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:passed: 0 lost, 0 doubled, 0 mismatched, every planned fault happened, no unplanned death",
                "1:failed: a user differs, a fault could not be carried out, a process died on its own, or the run "
                        + "could not start (one line on stderr; the report says which)",
                "2:invalid command line"})
public final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--home", paramLabel = "DIR", defaultValue = "${sys:profilestream.home:-.}",
            description = "Repository root (default: current directory).")
    Path home;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".local-stack-chaos",
            description = "Deleted and recreated at start, kept afterwards for its logs (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--events", paramLabel = "N", defaultValue = "200000", description = "Events per phase (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--users", paramLabel = "N", description = "Generated shoppers (default: events / 50, at least 20).")
    Integer users;

    @Option(names = "--items", paramLabel = "N", defaultValue = "500", description = "Catalogue size (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--kills", paramLabel = "N", defaultValue = "8", description = "Service kills (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--broker-restarts", paramLabel = "N", defaultValue = "2", description = "Broker restarts (default: ${DEFAULT-VALUE}).")
    int brokerRestarts;

    @Option(names = "--broker-stop", paramLabel = "HOW", defaultValue = "KILL",
            description = "How the broker is stopped: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    FaultInjector.BrokerStop brokerStop;

    @Option(names = "--cover", paramLabel = "MODULE", split = ",",
            defaultValue = "ingest-service,privacy-filter,profile-updater,recommender-service",
            description = "Services the first kills go to, once each, in random order; later kills pick any service "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> cover;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "7", description = "Seed of the events and the faults (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--min-down-ms", paramLabel = "MS", defaultValue = "500", description = "Shortest time a process stays down (default: ${DEFAULT-VALUE}).")
    long minDownMs;

    @Option(names = "--max-down-ms", paramLabel = "MS", defaultValue = "5000", description = "Longest time a process stays down (default: ${DEFAULT-VALUE}).")
    long maxDownMs;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", defaultValue = "0",
            description = "Pace of the sender, 0 for as fast as ingest takes events (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--lanes", paramLabel = "N", defaultValue = "4",
            description = "Requests in flight; each user's events stay in order on one lane (default: ${DEFAULT-VALUE}).")
    int lanes;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "100", description = "Events per request (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the report as JSON here.")
    Path report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (events < 100 || kills < 0 || brokerRestarts < 0 || lanes < 1 || batch < 1 || batch > 500 || partitions < 1
                || minDownMs < 0 || maxDownMs < minDownMs) {
            throw new ParameterException(spec.commandLine(), "need --events >= 100, --kills and --broker-restarts >= 0, "
                    + "--lanes >= 1, 1 <= --batch <= 500, --partitions >= 1, 0 <= --min-down-ms <= --max-down-ms");
        }
        Path root = home.toAbsolutePath().normalize();
        Path data = root.resolve(dataDir).normalize();
        CleanCommand.deleteTree(data);
        ChaosSettings settings = new ChaosSettings(events, users != null ? users : Math.max(20, events / 50), items, seed, kills,
                brokerRestarts, brokerStop, cover, Duration.ofMillis(minDownMs), Duration.ofMillis(maxDownMs), rate, lanes,
                batch, partitions, data, report == null ? null : report.toAbsolutePath());
        ChaosReport result = ChaosRun.run(root, settings, System.out);
        result.print(System.out);
        return result.passed() ? 0 : 1;
    }
}
