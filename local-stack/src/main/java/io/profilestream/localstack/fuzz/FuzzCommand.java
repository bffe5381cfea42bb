package io.profilestream.localstack.fuzz;

import io.profilestream.cli.Progress;
import io.profilestream.cli.ProgressOptions;
import io.profilestream.localstack.CleanCommand;
import io.profilestream.localstack.fleet.Fleet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fuzz}: issue 6's bad-input run. Starts a fresh fleet on free ports, writes poison records
 * to every topic a Streams service reads, sends {@code --requests} malformed requests to every
 * REST endpoint, then checks the dead letters, every service's health and that valid requests
 * still work, and prints the tables (docs/RELIABILITY.md).
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Malformed requests to every endpoint and poison records to every topic, on a fresh local fleet.",
        description = "Starts a fresh fleet on free ports and its own data dir, writes poison records (not JSON, wrong "
                + "shape and types, empty, null key, 900 KB, null fields) with a plain producer to every topic a Streams "
                + "service reads, sends --requests seeded malformed requests to each REST endpoint (broken JSON, wrong "
                + "types, missing fields, huge numbers, 10,000-level nesting, 10 MB bodies, invalid UTF-8, control "
                + "characters, unknown fields, wrong content types and methods, path traversal, long ids, bad query "
                + "parameters, missing and wrong API keys, request lines HTTP refuses), then checks the dead-letter "
                + "topic, every service's health and valid requests.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no 5xx, no dropped connection, every poison record dead-lettered as expected, all services "
                + "healthy and valid requests served",
                "1:any of those not met (the tables say which), or the fleet did not start",
                "2:invalid command line"})
public final class FuzzCommand implements Callable<Integer> {

    @Option(names = "--requests", paramLabel = "N", defaultValue = "10000",
            description = "Malformed requests per endpoint (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "4", description = "Requests in flight (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the tables to FILE.")
    Path report;

    @Option(names = "--home", paramLabel = "DIR", defaultValue = "${sys:profilestream.home:-.}", description = "Repository root (default: current directory).")
    Path home;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".local-stack-fuzz", description = "Deleted and recreated at start (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--keep", description = "Keep the data directory (logs, broker data) after the run.")
    boolean keep;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        CleanCommand.deleteTree(dataDir);
        FuzzResult result;
        try (Fleet fleet = Fleet.start(home.toAbsolutePath().normalize(), dataDir.toAbsolutePath(), Fleet.freePorts(), 2, out)) {
            long total = (long) requests * FuzzEndpoint.values().length;
            try (Progress bar = Progress.of(progress.enabled(), "fuzz", total, " requests")) {
                result = new FuzzRun(fleet).run(requests, seed, parallelism, n -> {
                    synchronized (bar) {
                        bar.stepTo(n);
                    }
                }, out);
            }
        } finally {
            if (!keep) {
                CleanCommand.deleteTree(dataDir);
            }
        }
        result.print(out);
        if (report != null) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            try (PrintStream file = new PrintStream(text, true, StandardCharsets.UTF_8)) {
                file.printf("profilestream-local fuzz --requests %d --seed %d --parallelism %d%n", requests, seed, parallelism);
                result.print(file);
            }
            Files.write(report, text.toByteArray());
        }
        return result.passed() ? 0 : 1;
    }
}
