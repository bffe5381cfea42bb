package io.profilestream.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Deletes the local stack's data: broker log, state stores, service logs. */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Deletes the local stack's data directory (broker data, state stores, logs).")
public final class CleanCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = ".local-stack", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws IOException {
        deleteTree(dataDir);
        System.out.println("Deleted " + dataDir.toAbsolutePath());
        return 0;
    }

    /** Deletes a directory tree; nothing when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
