package io.profilestream.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Deletes the local stack's data: broker log, state stores, service logs. */
@Command(name = "clean", mixinStandardHelpOptions = true,
        header = "Deletes the local stack's data directory (broker data, state stores, logs).",
        description = "Stop a running stack first (Ctrl-C): its broker and services write into the directory.")
public final class CleanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = ".local-stack", paramLabel = "DIR", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws IOException {
        boolean existed = Files.exists(dataDir);
        deleteTree(dataDir);
        spec.commandLine().getOut().println((existed ? "Deleted " : "Nothing to delete: no ") + dataDir.toAbsolutePath());
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
